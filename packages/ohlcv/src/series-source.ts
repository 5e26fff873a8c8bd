import { Timeframe, ValidationError } from "@tradekit/domain";
import type pg from "pg";
import { AGGREGATE_CHAIN } from "./schema/migration-steps.js";
import type { StoreContext } from "./store-context.js";

/**
 * Where candles of one timeframe come from, as SQL yielding (time, open, high, low, close,
 * volume, quote_volume, trade_count) for buckets starting in [$3, $4) of series ($1, $2).
 */
export interface SeriesSource {
  /** The SELECT; parameters $1 exchange, $2 symbol, $3 from (inclusive), $4 to (exclusive), then `params`. */
  sql: string;
  params: unknown[];
  /** The timeframe the rows are read or resampled from. */
  base: string;
  kind: "stored" | "aggregate" | "resampled";
}

const ORIGIN = "1970-01-01 00:00:00+00";
const WEEK_ORIGIN = "1970-01-05 00:00:00+00"; // the first Monday after the epoch

const stored = (tf: string): SeriesSource => ({
  sql: `select time, open, high, low, close, volume, quote_volume, trade_count from ohlcv_candles
        where exchange = $1 and symbol = $2 and timeframe = $5 and time >= $3 and time < $4`,
  params: [tf],
  base: tf,
  kind: "stored",
});

const aggregate = (tf: string): SeriesSource => ({
  // The view name comes from AGGREGATE_CHAIN, never from input.
  sql: `select time, open, high, low, close, volume, quote_volume, trade_count from ohlcv_candles_${tf}
        where exchange = $1 and symbol = $2 and time >= $3 and time < $4`,
  params: [],
  base: "1m",
  kind: "aggregate",
});

/** Resampling SQL: first open, max high, min low, last close, summed volumes, over epoch-aligned buckets. */
export const resampleSql = `select date_bin($6::interval, time, $7::timestamptz) as time,
    (array_agg(open order by time))[1] as open, max(high) as high, min(low) as low,
    (array_agg(close order by time desc))[1] as close, sum(volume) as volume,
    sum(quote_volume) as quote_volume, sum(trade_count) as trade_count
  from ohlcv_candles where exchange = $1 and symbol = $2 and timeframe = $5 and time >= $3 and time < $4
  group by 1`;

const resampled = (tf: Timeframe, base: string): SeriesSource => ({
  sql: resampleSql,
  params: [base, `${tf.seconds} seconds`, tf.period === "weeks" ? WEEK_ORIGIN : ORIGIN],
  base,
  kind: "resampled",
});

/** The stored timeframes of the series with rows, from the coverage records. */
export async function storedTimeframes(client: pg.PoolClient | pg.Pool, ctx: StoreContext): Promise<Map<string, number>> {
  const { rows } = await client.query<{ timeframe: string; count: string }>(
    "select timeframe, count from ohlcv_coverage where exchange = $1 and symbol = $2 and count > 0",
    [ctx.exchange, ctx.symbol],
  );
  return new Map(rows.map((r) => [r.timeframe, Number(r.count)]));
}

/**
 * Picks the source for `tf`: the stored candles of that timeframe when there are any; else the
 * continuous aggregate (TimescaleDB, from 1m); else resampled on the fly from the largest stored
 * timeframe that divides it. A series with no candles reads as stored (and empty).
 */
export function chooseSource(tf: Timeframe, ctx: StoreContext, stored_: Map<string, number>): SeriesSource {
  if (stored_.has(tf.name) || stored_.size === 0) return stored(tf.name);
  const bases = [...stored_.keys()]
    .filter((name) => name !== "trades")
    .map((name) => ({ name, ms: Timeframe.parse(name).ms }))
    .filter((b) => b.ms < tf.ms && tf.ms % b.ms === 0)
    .sort((a, b) => b.ms - a.ms);
  const base = bases[0];
  if (!base) {
    throw ValidationError.invalid(
      "timeframe",
      tf.name,
      `a timeframe stored for ${ctx.exchange}:${ctx.symbol} or a multiple of one (stored: ${[...stored_.keys()].join(", ")})`,
    );
  }
  if (ctx.timescale && base.name === "1m" && AGGREGATE_CHAIN.some((a) => a.name === tf.name)) return aggregate(tf.name);
  return resampled(tf, base.name);
}
