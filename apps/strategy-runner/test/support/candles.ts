import { Candle, Decimal } from "@tradekit/domain";
import { readFreqtradeCandles, TimeseriesRepository } from "@tradekit/ohlcv";
import { sharedDataPath } from "@tradekit/test-services";
import type { TestMarket } from "./bot-fixture.js";

/** freqtrade's UNITTEST/BTC 1m candles, exact, oldest first. */
export async function unittestCandles(): Promise<Candle[]> {
  const rows = await readFreqtradeCandles(sharedDataPath("freqtrade/UNITTEST_BTC-1m.json"));
  return rows.map((r) => Candle.create(r));
}

// mulberry32: a small seeded generator, so a generated market is the same on every run.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded market of 1m candles: trends that turn every few hours (so averages cross), noise,
 * and optional missing minutes. Prices in cents, exact.
 */
export function generatedCandles(options: {
  seed: number;
  start: Date;
  count: number;
  price?: number;
  gapEvery?: number;
}): Candle[] {
  const next = random(options.seed);
  const out: Candle[] = [];
  let price = options.price ?? 30_000;
  let drift = 0;
  for (let i = 0; i < options.count; i++) {
    if (i % 180 === 0) drift = (next() - 0.5) * 0.002;
    const open = price;
    const close = Math.max(1, open * (1 + drift + (next() - 0.5) * 0.002));
    const high = Math.max(open, close) * (1 + next() * 0.0008);
    const low = Math.min(open, close) * (1 - next() * 0.0008);
    price = close;
    if (options.gapEvery && i > 0 && i % options.gapEvery === 0) continue;
    const cents = (x: number) => new Decimal(x.toFixed(2));
    const o = cents(open);
    const c = cents(close);
    out.push(
      Candle.create({
        time: options.start.getTime() + i * 60_000,
        open: o,
        high: Decimal.max(cents(high), o, c),
        low: Decimal.min(cents(low), o, c),
        close: c,
        volume: (1 + next() * 10).toFixed(4),
      }),
    );
  }
  return out;
}

/** Stores candles in the test database's candle store (plain PostgreSQL). */
export async function storeInCandleStore(
  url: string,
  market: TestMarket,
  candles: readonly Candle[],
  timeframe = "1m",
): Promise<void> {
  await using repo = await TimeseriesRepository.open({
    url,
    exchange: market.exchange,
    symbol: market.symbol,
    create: true,
    timescale: "off",
  });
  await repo.upsertMany(candles, { timeframe });
}
