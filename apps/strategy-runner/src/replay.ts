import type { TickCache, Ticker } from "@tradekit/cache";
import { CacheUnavailableError, Candle, type CandleInput, Timeframe, ValidationError } from "@tradekit/domain";
import type { CandleStore } from "./candle-store.js";
import type { ManualClock } from "./clock.js";
import type { ClosedCandle } from "./strategy.js";

/** One series to replay: its candles oldest first (an array, or an async iterable paging a store). */
export interface ReplaySeries {
  exchange: string;
  symbol: string;
  timeframe: Timeframe | string;
  candles: Iterable<Candle | CandleInput> | AsyncIterable<Candle | CandleInput>;
}

/** Anything that takes the replayed data: the paper venue (onTicker), the strategy runner (both). */
export interface ReplayListener {
  onTicker?(ticker: Ticker): unknown;
  onClosedCandle?(candle: ClosedCandle): unknown;
}

/** How to replay. */
export interface ReplayOptions {
  series: ReplaySeries | readonly ReplaySeries[];
  /** Where every tick is written before a listener sees it (absent: written nowhere). */
  ticks?: TickCache;
  /** Set to each bar's close time before its ticks (the run's clock, shared with the order manager). */
  clock?: ManualClock;
  /** Called in this order with every tick, then with the closed candle: the venue before the runner. */
  listeners: readonly ReplayListener[];
  /** Awaited after every listener call: the order manager's drain, so fills and requests are handled before the next step. */
  settle?: () => Promise<unknown>;
  /** Called after each bar with the number of bars replayed so far. */
  onProgress?: (bars: number) => void;
  /** How long a tick write waits out a Redis outage before failing (default 120,000 ms). */
  unavailableTimeoutMs?: number;
  /**
   * Told when a tick write starts waiting out a Redis outage (true, with the error) and when a
   * write gets through again (false): the replay is paused in between, and whoever runs it says so.
   */
  onOutage?: (down: boolean, error: unknown) => void;
  signal?: AbortSignal;
}

/** What a replay did. */
export interface ReplaySummary {
  readonly bars: number;
  readonly ticks: number;
  readonly first: Date | null;
  readonly last: Date | null;
}

/** The close time of a bar: its last millisecond, bucket start + timeframe - 1 ms. */
export function barCloseTime(candle: Candle, timeframe: Timeframe): Date {
  return new Date(candle.time.getTime() + timeframe.ms - 1);
}

/**
 * The four ticks a bar replays as (DESIGN.md §10): open, high, low, close, each stamped at the
 * bar's close time. The close tick carries the bar's volume (what traded since the previous
 * tick), the others none, so ticks built back into a bar give the bar exactly.
 */
export function barTicks(exchange: string, symbol: string, timeframe: Timeframe, candle: Candle, cachedAt?: Date): Ticker[] {
  const time = barCloseTime(candle, timeframe);
  const at = cachedAt ?? time;
  const tick = (last: Candle["open"], volume: Candle["volume"] | null): Ticker => ({
    exchange,
    symbol,
    last,
    bid: null,
    ask: null,
    volume,
    exchangeTime: time,
    cachedAt: at,
  });
  return [tick(candle.open, null), tick(candle.high, null), tick(candle.low, null), tick(candle.close, candle.volume)];
}

/** The candles of a series in [from, to] (bucket starts, inclusive) read from the store a page at a time. */
export async function* storeCandles(
  store: CandleStore,
  exchange: string,
  symbol: string,
  timeframe: Timeframe | string,
  from: Date,
  to: Date,
  pageBars = 10_000,
): AsyncGenerator<Candle> {
  const tf = typeof timeframe === "string" ? Timeframe.parse(timeframe) : timeframe;
  let start = tf.bucketStart(from).getTime();
  const end = tf.bucketStart(to).getTime();
  while (start <= end) {
    const pageEnd = Math.min(end, start + (pageBars - 1) * tf.ms);
    yield* await store.range(exchange, symbol, tf, new Date(start), new Date(pageEnd));
    start = pageEnd + tf.ms;
  }
}

interface Cursor {
  readonly series: ReplaySeries;
  readonly timeframe: Timeframe;
  readonly iterator: Iterator<Candle | CandleInput> | AsyncIterator<Candle | CandleInput>;
  head: Candle | null;
  closeMs: number;
  rows: number;
}

async function advance(c: Cursor): Promise<void> {
  const next = await c.iterator.next();
  if (next.done) {
    c.head = null;
    return;
  }
  const row = c.rows++;
  let candle: Candle;
  try {
    candle = next.value instanceof Candle ? next.value : Candle.create(next.value, c.timeframe);
  } catch (error) {
    throw ValidationError.inRow(row, error, `candle of ${c.series.exchange}:${c.series.symbol}`);
  }
  const closeMs = barCloseTime(candle, c.timeframe).getTime();
  if (c.head !== null && closeMs <= c.closeMs)
    throw ValidationError.invalid(
      `candles[${row}].time`,
      candle.time,
      `after ${c.head.time.toISOString()}: a replay goes oldest first`,
    );
  c.head = candle;
  c.closeMs = closeMs;
}

/**
 * Replays candles as ticks, deterministically: bars of every series merged by close time (ties
 * in series order); for each bar the clock is set to its close, each of its four ticks is written
 * to TickCache and handed to every listener (awaiting each, then `settle`), then the closed candle
 * is. So a venue fills an order decided on a bar's close at the next bar's open.
 */
export async function replayCandles(options: ReplayOptions): Promise<ReplaySummary> {
  const list = Array.isArray(options.series) ? options.series : [options.series as ReplaySeries];
  const cursors: Cursor[] = list.map((series) => {
    const candles = series.candles as Iterable<Candle> & AsyncIterable<Candle>;
    const iterator =
      typeof candles[Symbol.asyncIterator] === "function" ? candles[Symbol.asyncIterator]() : candles[Symbol.iterator]();
    const timeframe = typeof series.timeframe === "string" ? Timeframe.parse(series.timeframe) : series.timeframe;
    return { series, timeframe, iterator, head: null, closeMs: Number.NEGATIVE_INFINITY, rows: 0 };
  });
  for (const c of cursors) await advance(c);
  let bars = 0;
  let ticks = 0;
  let first: Date | null = null;
  let last: Date | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    let next: Cursor | null = null;
    for (const c of cursors) if (c.head !== null && (next === null || c.closeMs < next.closeMs)) next = c;
    if (next === null) break;
    const candle = next.head as Candle;
    const { exchange, symbol } = next.series;
    const time = barCloseTime(candle, next.timeframe);
    options.clock?.set(time);
    for (const ticker of barTicks(exchange, symbol, next.timeframe, candle)) {
      if (options.ticks) await writeTick(options.ticks, ticker, options);
      for (const listener of options.listeners) {
        if (!listener.onTicker) continue;
        await listener.onTicker(ticker);
        await options.settle?.();
      }
      ticks++;
    }
    const closed: ClosedCandle = { exchange, symbol, timeframe: next.timeframe, candle };
    for (const listener of options.listeners) {
      if (!listener.onClosedCandle) continue;
      await listener.onClosedCandle(closed);
      await options.settle?.();
    }
    bars++;
    first ??= candle.time;
    last = candle.time;
    options.onProgress?.(bars);
    await advance(next);
  }
  return { bars, ticks, first, last };
}

async function writeTick(ticks: TickCache, t: Ticker, options: ReplayOptions): Promise<void> {
  const deadline = Date.now() + (options.unavailableTimeoutMs ?? 120_000);
  let down = false;
  for (;;) {
    try {
      await ticks.updateTicker(t.exchange, { symbol: t.symbol, last: t.last, volume: t.volume, time: t.exchangeTime });
      if (down) options.onOutage?.(false, null);
      return;
    } catch (error) {
      if (!(error instanceof CacheUnavailableError) || Date.now() > deadline) throw error;
      if (!down) options.onOutage?.(true, error);
      down = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
