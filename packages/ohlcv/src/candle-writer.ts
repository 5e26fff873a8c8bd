import type { Candle, CandleInput, Timeframe } from "@tradekit/domain";
import type pg from "pg";
import { type BulkColumn, type BulkSource, bulkLoad } from "./bulk-load.js";
import { type CandleBatch, candleBatch } from "./candle-batch.js";
import type { CandleRecord } from "./candle-record.js";
import { logger } from "./logger.js";
import { AGGREGATE_CHAIN } from "./schema/migration-steps.js";
import { mergeStage } from "./stage-merge.js";
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

function source(table: string, ctx: StoreContext, timeframe: Timeframe, batch: CandleBatch): BulkSource {
  const tf = timeframe.name;
  // One validated row at a time: the load asks for a row's fields right after beginRow.
  let r: CandleRecord | undefined;
  return {
    table,
    columns: COLUMNS,
    length: batch.length,
    beginRow(i) {
      r = batch.record(i);
    },
    field(_, col) {
      const row = r as CandleRecord;
      switch (col) {
        case 0:
          return ctx.exchange;
        case 1:
          return ctx.symbol;
        case 2:
          return tf;
        case 3:
          return timestampText(row.time);
        case 4:
          return row.open;
        case 5:
          return row.high;
        case 6:
          return row.low;
        case 7:
          return row.close;
        case 8:
          return row.volume;
        case 9:
          return row.quoteVolume;
        default:
          return row.tradeCount === null ? null : String(row.tradeCount);
      }
    },
  };
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

/**
 * Validates and writes candles in one transaction: plain insert, or upsert through a staging table.
 * Times are checked before the transaction; the rest of each row as it is streamed to the server.
 */
export async function writeCandles(
  ctx: StoreContext,
  timeframe: Timeframe,
  inputs: readonly (CandleInput | Candle)[],
  mode: "insert" | "upsert",
  onRows?: (n: number) => void,
): Promise<WriteResult> {
  if (inputs.length === 0) return { written: 0, inserted: 0, updated: 0, unchanged: 0 };
  const batch = candleBatch(inputs, timeframe, mode);
  const { first, last } = batch;
  const result = await inTransaction(ctx.pool, `${mode} of ${timeframe.name} candles`, async (client) => {
    await assertSeries(client, ctx);
    if (mode === "insert") {
      await bulkLoad(client, ctx.engine, source("ohlcv_candles", ctx, timeframe, batch), onRows);
      await extendCoverage(client, ctx, timeframe.name, first, last, batch.length);
      return { written: batch.length, inserted: batch.length, updated: 0, unchanged: 0 };
    }
    await client.query("create temp table ohlcv_candles_stage (like ohlcv_candles) on commit drop");
    await bulkLoad(client, ctx.engine, source("ohlcv_candles_stage", ctx, timeframe, batch), onRows);
    const { inserted, updated } = await mergeStage(client, {
      exchange: ctx.exchange,
      symbol: ctx.symbol,
      timeframe: timeframe.name,
      first,
      last,
    });
    await extendCoverage(client, ctx, timeframe.name, first, last, inserted);
    return { written: batch.length, inserted, updated, unchanged: batch.length - inserted - updated };
  });
  if (ctx.aggregates && timeframe.name === "1m") await refreshAggregates(ctx, first, last);
  return result;
}
