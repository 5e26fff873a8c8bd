import type { Timeframe } from "@tradekit/domain";
import { ValidationError } from "@tradekit/domain";
import type pg from "pg";
import { type BulkColumn, type BulkSource, bulkLoad } from "./bulk-load.js";
import type { CandleRecord } from "./candle-record.js";
import { logger } from "./logger.js";
import { AGGREGATE_CHAIN } from "./schema/migration-steps.js";
import { assertSeries, extendCoverage, type StoreContext } from "./store-context.js";
import { timestampText } from "./timestamp-text.js";
import { inTransaction, withClient } from "./transaction.js";

/** What a write did: candles in the batch (after last-wins), new ones, changed ones, and ones already stored as given. */
export interface WriteResult {
  written: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

const COLUMNS: readonly BulkColumn[] = [
  { name: "exchange", type: "text", text: true },
  { name: "symbol", type: "text", text: true },
  { name: "timeframe", type: "text", text: true },
  { name: "time", type: "timestamptz" },
  { name: "open", type: "numeric" },
  { name: "high", type: "numeric" },
  { name: "low", type: "numeric" },
  { name: "close", type: "numeric" },
  { name: "volume", type: "numeric" },
  { name: "quote_volume", type: "numeric" },
  { name: "trade_count", type: "bigint" },
];

function source(table: string, ctx: StoreContext, timeframe: Timeframe, rows: readonly CandleRecord[]): BulkSource {
  const tf = timeframe.name;
  return {
    table,
    columns: COLUMNS,
    length: rows.length,
    field(i, col) {
      const r = rows[i] as CandleRecord;
      switch (col) {
        case 0:
          return ctx.exchange;
        case 1:
          return ctx.symbol;
        case 2:
          return tf;
        case 3:
          return timestampText(r.time);
        case 4:
          return r.open;
        case 5:
          return r.high;
        case 6:
          return r.low;
        case 7:
          return r.close;
        case 8:
          return r.volume;
        case 9:
          return r.quoteVolume;
        default:
          return r.tradeCount === null ? null : String(r.tradeCount);
      }
    },
  };
}

function span(rows: readonly CandleRecord[]): { first: number; last: number } {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    if (r.time < first) first = r.time;
    if (r.time > last) last = r.time;
  }
  return { first, last };
}

// Keeps the last candle of each time: a batch that says a bucket twice means its later word.
function lastWins(rows: readonly CandleRecord[]): CandleRecord[] {
  if (strictlyIncreasing(rows)) return rows as CandleRecord[];
  const index = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) index.set((rows[i] as CandleRecord).time, i);
  if (index.size === rows.length) return rows as CandleRecord[];
  return [...index.values()].sort((a, b) => a - b).map((i) => rows[i] as CandleRecord);
}

// Bulk loads come sorted almost always; one comparison per row then proves there are no
// duplicates, where a Set of a million timestamps costs more than the rest of the validation.
function strictlyIncreasing(rows: readonly CandleRecord[]): boolean {
  for (let i = 1; i < rows.length; i++) if ((rows[i] as CandleRecord).time <= (rows[i - 1] as CandleRecord).time) return false;
  return true;
}

function rejectDuplicates(rows: readonly CandleRecord[]): void {
  if (strictlyIncreasing(rows)) return;
  const seen = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const t = (rows[i] as CandleRecord).time;
    if (seen.has(t)) {
      throw ValidationError.inRow(
        i,
        ValidationError.invalid("time", new Date(t), "unique within the batch (use upsertMany to replace)"),
        "candle",
      );
    }
    seen.add(t);
  }
}

const DAY = 86_400_000;

// The oldest point up to which every aggregate of the chain is materialized (global, not per series).
async function materializedUntil(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ until: Date | null }>(
    `select min(_timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_hypertable_id))) as until
     from _timescaledb_catalog.continuous_agg where user_view_name = any($1)`,
    [AGGREGATE_CHAIN.map((a) => `ohlcv_candles_${a.name}`)],
  );
  return rows[0]?.until?.getTime() ?? Number.NEGATIVE_INFINITY;
}

/**
 * Real-time aggregation only covers time after an aggregate's watermark, so a write into
 * already materialized time must be folded in, or the aggregates would miss it. A write spanning
 * a day or more (an import) is materialized too, so that reading it back is fast. Small writes at
 * the head of the series need nothing: real-time aggregation sees them.
 */
async function refreshAggregates(ctx: StoreContext, first: number, last: number): Promise<void> {
  await withClient(ctx.pool, "refreshing continuous aggregates", async (client: pg.PoolClient) => {
    if (first >= (await materializedUntil(client)) && last - first < DAY) return;
    // Whole days, so that every level of the chain (up to 1d) gets complete buckets.
    const from = new Date(Math.floor(first / DAY) * DAY);
    const to = new Date((Math.floor(last / DAY) + 1) * DAY);
    for (const { name } of AGGREGATE_CHAIN) {
      await client.query(`call refresh_continuous_aggregate('ohlcv_candles_${name}', $1::timestamptz, $2::timestamptz)`, [
        from,
        to,
      ]);
    }
    logger.debug({ exchange: ctx.exchange, symbol: ctx.symbol, from, to }, "continuous aggregates refreshed");
  });
}

/** Writes validated candles in one transaction: plain insert, or upsert through a staging table. */
export async function writeCandles(
  ctx: StoreContext,
  timeframe: Timeframe,
  records: readonly CandleRecord[],
  mode: "insert" | "upsert",
  onRows?: (n: number) => void,
): Promise<WriteResult> {
  if (records.length === 0) return { written: 0, inserted: 0, updated: 0, unchanged: 0 };
  const rows = mode === "upsert" ? lastWins(records) : records;
  if (mode === "insert") rejectDuplicates(rows);
  const { first, last } = span(rows);
  const result = await inTransaction(ctx.pool, `${mode} of ${timeframe.name} candles`, async (client) => {
    await assertSeries(client, ctx);
    if (mode === "insert") {
      await bulkLoad(client, ctx.engine, source("ohlcv_candles", ctx, timeframe, rows), onRows);
      await extendCoverage(client, ctx, timeframe.name, first, last, rows.length);
      return { written: rows.length, inserted: rows.length, updated: 0, unchanged: 0 };
    }
    await client.query("create temp table ohlcv_candles_stage (like ohlcv_candles) on commit drop");
    await bulkLoad(client, ctx.engine, source("ohlcv_candles_stage", ctx, timeframe, rows), onRows);
    // A candle already stored with the same values is left alone: re-imports of overlapping files
    // then cost an index probe per row instead of a new row version.
    const { rows: counts } = await client.query<{ inserted: string; updated: string }>(
      `with w as (
         insert into ohlcv_candles as c select * from ohlcv_candles_stage
         on conflict (exchange, symbol, timeframe, time) do update set
           open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
           volume = excluded.volume, quote_volume = excluded.quote_volume, trade_count = excluded.trade_count
         where (c.open, c.high, c.low, c.close, c.volume, c.quote_volume, c.trade_count)
           is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume,
                             excluded.quote_volume, excluded.trade_count)
         returning (xmax = 0) as inserted)
       select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from w`,
    );
    const inserted = Number(counts[0]?.inserted ?? 0);
    const updated = Number(counts[0]?.updated ?? 0);
    await extendCoverage(client, ctx, timeframe.name, first, last, inserted);
    return { written: rows.length, inserted, updated, unchanged: rows.length - inserted - updated };
  });
  if (ctx.aggregates && timeframe.name === "1m") await refreshAggregates(ctx, first, last);
  return result;
}
