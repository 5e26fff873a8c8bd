import type { Timeframe } from "@tradekit/domain";
import type pg from "pg";
import type { SeriesSource } from "./series-source.js";

/** A run of missing candles: the first and last missing bucket starts, and how many are missing. */
export interface Gap {
  readonly from: Date;
  readonly to: Date;
  readonly missing: number;
}

/**
 * The gaps of a source in ONE SQL pass (DESIGN.md §7): each bucket is compared with the one
 * before it by a window function, and only the runs of missing buckets come back. With a window
 * start or end, missing buckets at its edges count too.
 */
export function gapSql(source: SeriesSource, edges: { from: boolean; to: boolean }): string {
  const n = 5 + source.params.length; // first parameter after the source's own
  const step = `$${n}::interval`;
  const times = `select time from (${source.sql}) s`;
  const withEnd = edges.to ? `${times} union all select $4::timestamptz` : times;
  const previous = edges.from ? `lag(time, 1, $3::timestamptz - ${step})` : "lag(time)";
  return `select prev + ${step} as gap_from, time - ${step} as gap_to,
      (extract(epoch from (time - prev)) / extract(epoch from ${step}))::bigint - 1 as missing
    from (select time, ${previous} over (order by time) as prev from (${withEnd}) t) w
    where time - prev > ${step}
    order by time`;
}

/** Runs gapSql for buckets in [from, toExclusive). */
export async function findGaps(
  client: pg.PoolClient,
  ctx: { exchange: string; symbol: string },
  source: SeriesSource,
  timeframe: Timeframe,
  from: Date,
  toExclusive: Date,
  edges: { from: boolean; to: boolean },
): Promise<Gap[]> {
  const { rows } = await client.query<{ gap_from: Date; gap_to: Date; missing: string }>(gapSql(source, edges), [
    ctx.exchange,
    ctx.symbol,
    from,
    toExclusive,
    ...source.params,
    `${timeframe.seconds} seconds`,
  ]);
  return rows.map((r) => ({ from: r.gap_from, to: r.gap_to, missing: Number(r.missing) }));
}
