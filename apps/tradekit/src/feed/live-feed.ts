import { setTimeout as sleep } from "node:timers/promises";
import type { TickCache } from "@tradekit/cache";
import { Candle, type CandleInput, Timeframe, ValidationError } from "@tradekit/domain";
import { TimeseriesRepository } from "@tradekit/ohlcv";
import { barTicks } from "@tradekit/strategy-runner";
import type { Logger } from "pino";
import { marketCandles } from "../market/generated-market.js";

/** What the feed plays. */
export interface FeedOptions {
  /** Default paper BTC/USDT. */
  readonly exchange?: string;
  readonly symbol?: string;
  /** The generated market's seed (default 42). */
  readonly seed?: number;
  /** Days of candles stored before now, for the runners' warm-up (default 2). */
  readonly historyDays?: number;
  /** Live bars to play, then stop (default: until the signal). */
  readonly bars?: number;
  /** Market minutes per wall-clock minute (default 1: real time). Above 1 the market's clock runs ahead of the wall clock. */
  readonly speed?: number;
  readonly signal?: AbortSignal;
  /** Told after each live bar. */
  readonly onBar?: (bar: number, candle: Candle) => void;
}

/** Where the feed writes. */
export interface FeedDeps {
  /** The candle store's URL. */
  readonly ohlcvUrl: string;
  /** The TickCache other processes follow (Redis). */
  readonly ticks: TickCache;
  readonly logger: Logger;
}

/** What the feed did. */
export interface FeedResult {
  readonly history: number;
  readonly bars: number;
  readonly first: Date | null;
  readonly last: Date | null;
}

const MINUTE = 60_000;

/**
 * A market for runners in other processes (no exchange feed is built in): the generated market,
 * its history up to the current minute stored in the candle store (what a runner warms up on),
 * then one 1m bar at a time: its four ticks (open, high, low, close, stamped at its close, as a
 * replay has them) published through TickCache — which the order manager's paper venue and the
 * runners follow — and the closed candle stored. At `speed` N a bar comes every 60/N seconds of
 * wall time and the market's clock runs ahead of the wall clock; follow it with
 * `tradekit-strategy-runner run --candles ticks` (bars built from the ticks).
 */
export async function runFeed(deps: FeedDeps, options: FeedOptions = {}): Promise<FeedResult> {
  const exchange = options.exchange ?? "paper";
  const symbol = options.symbol ?? "BTC/USDT";
  const speed = options.speed ?? 1;
  if (!(Number.isFinite(speed) && speed > 0 && speed <= 100_000)) throw ValidationError.invalid("speed", speed, "a number > 0");
  const historyDays = options.historyDays ?? 2;
  if (!(Number.isSafeInteger(historyDays) && historyDays >= 1 && historyDays <= 365))
    throw ValidationError.invalid("historyDays", historyDays, "whole days from 1 to 365");
  const bars = options.bars ?? Number.POSITIVE_INFINITY;
  const tf = Timeframe.parse("1m");
  const liveStart = Math.floor(Date.now() / MINUTE) * MINUTE;
  const start = liveStart - historyDays * 1440 * MINUTE;
  const days = Math.min(3660, historyDays + (Number.isFinite(bars) ? Math.ceil(bars / 1440) + 1 : 3660));
  const source = marketCandles({ seed: options.seed ?? 42, start, days });
  await using repo = await TimeseriesRepository.open({ url: deps.ohlcvUrl, exchange, symbol, create: true });

  const history: CandleInput[] = [];
  let next = source.next();
  while (!next.done && (next.value.time as number) < liveStart) {
    history.push(next.value);
    next = source.next();
  }
  const stored = await repo.upsertMany(history);
  deps.logger.info(
    { exchange, symbol, candles: history.length, ...stored, until: new Date(liveStart).toISOString() },
    "feed: history stored for the warm-up",
  );

  const wallStart = Date.now();
  let played = 0;
  let first: Date | null = null;
  let last: Date | null = null;
  while (!next.done && played < bars) {
    const candle = Candle.create(next.value, tf);
    // The bar is published when it closes on the market's clock, which runs `speed` times the wall's.
    const due = wallStart + (candle.time.getTime() + MINUTE - liveStart) / speed;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait, undefined, options.signal ? { signal: options.signal } : undefined);
    options.signal?.throwIfAborted();
    const ticks = barTicks(exchange, symbol, tf, candle);
    await deps.ticks.updateTicker(
      exchange,
      ticks.map((t) => ({ symbol, last: t.last, volume: t.volume, time: t.exchangeTime })),
    );
    await repo.upsertMany([candle]);
    played++;
    first ??= candle.time;
    last = candle.time;
    options.onBar?.(played, candle);
    if (played % 60 === 0 || played === bars)
      deps.logger.info({ bars: played, at: candle.time.toISOString(), close: candle.close.toFixed() }, "feed: bars played");
    next = source.next();
  }
  return { history: history.length, bars: played, first, last };
}
