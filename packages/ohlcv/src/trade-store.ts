import { Candle, type Timeframe } from "@tradekit/domain";
import { type BulkColumn, bulkLoad } from "./bulk-load.js";
import { type RawTrade, type RawTradeRecord, rawTradeFromRow } from "./raw-trade.js";
import { assertSeries, extendCoverage, type StoreContext } from "./store-context.js";
import { timestampText } from "./timestamp-text.js";
import { inTransaction, withClient } from "./transaction.js";

const STAGE_COLUMNS: readonly BulkColumn[] = [
  { name: "ord", type: "integer" },
  { name: "trade_id", type: "text", text: true },
  { name: "time", type: "timestamptz" },
  { name: "price", type: "numeric" },
  { name: "volume", type: "numeric" },
  { name: "side", type: "text" },
];

/**
 * Saves raw trades through a staging table; a trade already stored (same trade id and time) is
 * kept as it is, so saving the same file twice stores it once. Returns how many were new.
 */
export async function saveTradeRecords(
  ctx: StoreContext,
  records: readonly RawTradeRecord[],
  onRows?: (n: number) => void,
): Promise<number> {
  if (records.length === 0) return 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    if (r.time < first) first = r.time;
    if (r.time > last) last = r.time;
  }
  return inTransaction(ctx.pool, "saving raw trades", async (client) => {
    await assertSeries(client, ctx);
    await client.query(`create temp table ohlcv_trades_stage (
      ord integer, trade_id text, time timestamptz, price numeric, volume numeric, side text) on commit drop`);
    await bulkLoad(
      client,
      ctx.engine,
      {
        table: "ohlcv_trades_stage",
        columns: STAGE_COLUMNS,
        length: records.length,
        field(i, col) {
          const r = records[i] as RawTradeRecord;
          return col === 0
            ? String(i)
            : col === 1
              ? r.tradeId
              : col === 2
                ? timestampText(r.time)
                : col === 3
                  ? r.price
                  : col === 4
                    ? r.volume
                    : r.side;
        },
      },
      onRows,
    );
    // Sequence numbers follow (time, position in the batch): they order trades of the same instant.
    const { rowCount } = await client.query(
      `insert into ohlcv_trades (exchange, symbol, trade_id, time, price, volume, side)
       select $1, $2, trade_id, time, price, volume, side from ohlcv_trades_stage order by time, ord
       on conflict do nothing`,
      [ctx.exchange, ctx.symbol],
    );
    const inserted = rowCount ?? 0;
    await extendCoverage(client, ctx, "trades", first, last, inserted);
    return inserted;
  });
}

const TRADE_COLUMNS = "trade_id, time, price, volume, side";

/** The last `limit` trades, oldest first. */
export async function recentTrades(ctx: StoreContext, limit: number): Promise<RawTrade[]> {
  return withClient(ctx.pool, "reading recent trades", async (client) => {
    const { rows } = await client.query(
      `select * from (select ${TRADE_COLUMNS}, seq from ohlcv_trades where exchange = $1 and symbol = $2
         order by time desc, seq desc limit $3) s order by time, seq`,
      [ctx.exchange, ctx.symbol, Math.floor(limit)],
    );
    return rows.map(rawTradeFromRow);
  });
}

/** Trades with from <= time < toExclusive, in time order (ties in the order they were saved). */
export async function tradesInRange(ctx: StoreContext, from: Date, toExclusive: Date): Promise<RawTrade[]> {
  return withClient(ctx.pool, "reading trades", async (client) => {
    const { rows } = await client.query(
      `select ${TRADE_COLUMNS} from ohlcv_trades where exchange = $1 and symbol = $2 and time >= $3 and time < $4
       order by time, seq`,
      [ctx.exchange, ctx.symbol, from, toExclusive],
    );
    return rows.map(rawTradeFromRow);
  });
}

/**
 * Candles built from the raw trades: open the first trade's price, close the last (ties by save
 * order), high/low the extremes, volume the summed amounts, quote volume sum(price * amount).
 */
export async function candlesFromTrades(
  ctx: StoreContext,
  timeframe: Timeframe,
  from: Date,
  toExclusive: Date,
): Promise<Candle[]> {
  return withClient(ctx.pool, "building candles from trades", async (client) => {
    const { rows } = await client.query(
      `select date_bin($5::interval, time, $6::timestamptz) as time,
         (array_agg(price order by time, seq))[1] as open, max(price) as high, min(price) as low,
         (array_agg(price order by time desc, seq desc))[1] as close, sum(volume) as volume,
         sum(price * volume) as quote_volume, count(*) as trade_count
       from ohlcv_trades where exchange = $1 and symbol = $2 and time >= $3 and time < $4
       group by 1 order by 1`,
      [
        ctx.exchange,
        ctx.symbol,
        from,
        toExclusive,
        `${timeframe.seconds} seconds`,
        timeframe.period === "weeks" ? "1970-01-05T00:00:00Z" : "1970-01-01T00:00:00Z",
      ],
    );
    return rows.map((r) =>
      Candle.create(
        {
          time: r.time,
          open: r.open,
          high: r.high,
          low: r.low,
          close: r.close,
          volume: r.volume,
          quoteVolume: r.quote_volume,
          tradeCount: Number(r.trade_count),
        },
        timeframe,
      ),
    );
  });
}
