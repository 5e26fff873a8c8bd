import type { Candle, Timeframe } from "@tradekit/domain";
import { type TimescaleMode, TimeseriesRepository } from "@tradekit/ohlcv";

/** Where the runner reads closed candles: the OHLCV store. */
export interface CandleStore {
  /** Candles of the series whose bucket starts in [from, to] (both inclusive), oldest first. */
  range(exchange: string, symbol: string, timeframe: Timeframe, from: Date, to: Date): Promise<Candle[]>;
  /** Start of the oldest candle of the series, null when it has none. */
  oldest(exchange: string, symbol: string, timeframe: Timeframe): Promise<Date | null>;
}

/** How to reach the OHLCV store; what is left out comes from @tradekit/config (OHLCV_DATABASE_URL, ...). */
export interface OhlcvConnection {
  url?: string;
  poolSize?: number;
  timescale?: TimescaleMode;
}

/**
 * The CandleStore on TimeseriesRepository: one repository per series, kept for the run (a
 * repository holds no connection; the process's pool per URL does, and a query takes a
 * connection only while it runs). A series the store does not know yet is registered empty.
 */
export function timeseriesCandleStore(connection: OhlcvConnection = {}): CandleStore {
  const repos = new Map<string, Promise<TimeseriesRepository>>();
  const repo = (exchange: string, symbol: string): Promise<TimeseriesRepository> => {
    const key = `${exchange}\u0000${symbol}`;
    let r = repos.get(key);
    if (!r) {
      r = TimeseriesRepository.open({ ...connection, exchange, symbol, create: true });
      repos.set(key, r);
      r.catch(() => repos.delete(key));
    }
    return r;
  };
  return {
    async range(exchange, symbol, timeframe, from, to) {
      return (await repo(exchange, symbol)).getRange(timeframe, from, to);
    },
    async oldest(exchange, symbol, timeframe) {
      return (await repo(exchange, symbol)).getOldestTimestamp(timeframe);
    },
  };
}

/**
 * The last `count` closed candles of a series that start before `until` (exclusive), oldest
 * first: fewer when the store has fewer. Gaps stay gaps; the window widens until it has `count`
 * or reaches the oldest candle, so a store with holes still yields the warm-up it can.
 */
export async function readWarmup(
  store: CandleStore,
  exchange: string,
  symbol: string,
  timeframe: Timeframe,
  count: number,
  until: Date,
): Promise<Candle[]> {
  if (count <= 0) return [];
  const last = timeframe.bucketStart(until.getTime() - 1).getTime();
  const oldest = await store.oldest(exchange, symbol, timeframe);
  if (oldest === null || oldest.getTime() > last) return [];
  let span = count;
  for (;;) {
    const from = Math.max(oldest.getTime(), last - (span - 1) * timeframe.ms);
    const candles = await store.range(exchange, symbol, timeframe, new Date(from), new Date(last));
    if (candles.length >= count || from <= oldest.getTime()) return candles.slice(-count);
    span *= 2;
  }
}
