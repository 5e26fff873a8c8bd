import { type CandleInput, ValidationError } from "@tradekit/domain";
import { SeededRandom } from "./seeded-random.js";

/** How the generated market looks; every field has a default. */
export interface MarketOptions {
  /** Same seed, same candles (default 42). */
  seed?: number;
  /** Days of 1m candles (default 21). */
  days?: number;
  /** First minute (default 2024-01-01T00:00Z). */
  start?: Date | number;
  /** First open (default 42,000). */
  startPrice?: number;
  /** Decimal places of prices (default 2, the paper BTC/USDT tick). */
  priceDecimals?: number;
  /** Decimal places of volumes (default 5, the paper BTC/USDT lot). */
  volumeDecimals?: number;
  /** Leave minutes out as exchanges do (default true); false gives every minute (a benchmark's year is 525,600). */
  gaps?: boolean;
}

/** The candles and what the generator did. */
export interface GeneratedMarket {
  readonly candles: CandleInput[];
  /** Minutes left out: the market's gaps. */
  readonly missing: number;
  readonly gaps: number;
}

const MINUTE = 60_000;
// GARCH(1,1) on 1m log returns: an unconditional 0.06 %/min (about 2.3 %/day, BTC-like), with
// shocks that persist (alpha + beta close to 1): calm stretches and bursts, as real markets have.
const SIGMA = 0.0006;
const ALPHA = 0.08;
const BETA = 0.9;
const OMEGA = SIGMA * SIGMA * (1 - ALPHA - BETA);
// Trend regimes of a few hours each: up, down or flat, with a random strength.
const REGIME_HOURS = 8;
const DRIFT = 0.00004;

function checkInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw ValidationError.invalid(name, value, `a whole number from ${min} to ${max}`);
  return value;
}

// Busier (and more volatile) while Europe and America trade, quieter at weekends.
function activity(ms: number): number {
  const d = new Date(ms);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const day = 1 + 0.45 * Math.exp(-(((hour - 15) / 3.5) ** 2)) + 0.15 * Math.exp(-(((hour - 8) / 2.5) ** 2));
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.7 : 1;
  return 0.8 * day * weekend;
}

const scale = (decimals: number) => 10 ** decimals;
const roundTo = (x: number, f: number) => Math.round(x * f) / f;
const text = (x: number, decimals: number) => x.toFixed(decimals);

/**
 * A seeded, realistic-looking market of 1m candles: a random walk whose volatility clusters
 * (GARCH(1,1) with fat-tailed shocks), trend regimes of a few hours, a daily rhythm of activity,
 * volume that rises with the size of the move, and gaps (minutes an exchange did not report,
 * now and then an hour of maintenance). Deterministic: the same options give the same candles.
 */
export function generateMarket(options: MarketOptions = {}): GeneratedMarket {
  const counts = { gaps: 0, missing: 0 };
  const candles = [...marketCandles(options, counts)];
  return { candles, missing: counts.missing, gaps: counts.gaps };
}

/**
 * The same market one candle at a time, for as long as asked (`days`, up to ten years): what a
 * live feed plays. `counts` (optional) is kept up to date with the gaps left out so far.
 */
export function* marketCandles(
  options: MarketOptions = {},
  counts: { gaps: number; missing: number } = { gaps: 0, missing: 0 },
): Generator<CandleInput> {
  const seed = checkInt("seed", options.seed ?? 42, 0, 2 ** 31 - 1);
  const days = checkInt("days", options.days ?? 21, 1, 3660);
  const priceDecimals = checkInt("priceDecimals", options.priceDecimals ?? 2, 0, 12);
  const volumeDecimals = checkInt("volumeDecimals", options.volumeDecimals ?? 5, 0, 12);
  const start = new Date(options.start ?? Date.UTC(2024, 0, 1)).getTime();
  if (!Number.isFinite(start) || start % MINUTE !== 0)
    throw ValidationError.invalid("start", options.start, "a time on a whole minute");
  const startPrice = options.startPrice ?? 42_000;
  if (!(Number.isFinite(startPrice) && startPrice > 0)) throw ValidationError.invalid("startPrice", startPrice, "a price > 0");

  const rng = new SeededRandom(seed);
  const pf = scale(priceDecimals);
  const tick = 1 / pf;
  const minutes = days * 1440;
  let variance = SIGMA * SIGMA;
  let shock = 0;
  let drift = 0;
  let regimeLeft = 0;
  let gapLeft = 0;
  let close = roundTo(startPrice, pf);

  for (let i = 0; i < minutes; i++) {
    const time = start + i * MINUTE;
    if (regimeLeft <= 0) {
      const u = rng.next();
      drift = u < 0.35 ? DRIFT : u < 0.7 ? -DRIFT : 0;
      drift *= 0.5 + rng.next();
      regimeLeft = Math.max(30, Math.round(rng.exponential(REGIME_HOURS * 60)));
    }
    regimeLeft--;
    variance = OMEGA + ALPHA * shock * shock + BETA * variance;
    const act = activity(time);
    const sigma = Math.sqrt(variance) * act;
    shock = sigma * rng.fatTailed(5);
    const open = close;
    close = Math.max(tick, roundTo(open * Math.exp(drift + shock), pf));
    const wickUp = Math.abs(rng.normal()) * sigma * 0.6;
    const wickDown = Math.abs(rng.normal()) * sigma * 0.6;
    const high = Math.max(open, close, Math.ceil(Math.max(open, close) * Math.exp(wickUp) * pf) / pf);
    const low = Math.max(tick, Math.min(open, close, Math.floor(Math.min(open, close) * Math.exp(-wickDown) * pf) / pf));
    const size = 12 * act * (0.35 + Math.abs(shock) / Math.max(sigma, 1e-12)) * Math.exp(0.35 * rng.normal());

    // The walk goes on while the exchange is silent; only the candles are missing. The draws
    // are made every minute, gaps or not, so turning gaps off changes no price.
    const u = rng.next();
    const length =
      u < 1 / 2500 ? 1 + Math.floor(rng.exponential(5)) : u < 1 / 2500 + 1 / 20_000 ? 30 + Math.floor(rng.next() * 90) : 0;
    if (gapLeft === 0 && length > 0 && options.gaps !== false && i > 0 && i < minutes - 1) {
      gapLeft = length;
      counts.gaps++;
    }
    if (gapLeft > 0 && i < minutes - 1) {
      gapLeft--;
      counts.missing++;
      continue;
    }
    gapLeft = 0;
    yield {
      time,
      open: text(open, priceDecimals),
      high: text(high, priceDecimals),
      low: text(low, priceDecimals),
      close: text(close, priceDecimals),
      volume: text(Math.max(size, 1 / scale(volumeDecimals)), volumeDecimals),
    };
  }
}
