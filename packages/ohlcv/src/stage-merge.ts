import type pg from "pg";

// Every staged row belongs to the batch's series (the load writes them so), and the stored side
// is bounded to that series and the batch's span, so that the join reads that range (by index, or
// by chunk on a hypertable) and never the whole table. The series is named on the stored side
// only: on the staging side (not analyzed) the planner would estimate one row and loop.
const KEY = `c.time = s.time and c.exchange = $1 and c.symbol = $2 and c.timeframe = $3
  and c.time between 'epoch'::timestamptz + $4::bigint * interval '1 ms' and 'epoch'::timestamptz + $5::bigint * interval '1 ms'`;
const CHANGED = `(c.open, c.high, c.low, c.close, c.volume, c.quote_volume, c.trade_count)
  is distinct from (s.open, s.high, s.low, s.close, s.volume, s.quote_volume, s.trade_count)`;

// A candle already stored with the same values is left alone: re-imports of overlapping files
// then cost an index probe per row instead of a new row version.
const UPDATE_CHANGED = `update ohlcv_candles c set
    open = s.open, high = s.high, low = s.low, close = s.close,
    volume = s.volume, quote_volume = s.quote_volume, trade_count = s.trade_count
  from ohlcv_candles_stage s where ${KEY} and ${CHANGED}`;

const INSERT_NEW = `insert into ohlcv_candles select s.* from ohlcv_candles_stage s
  where not exists (select 1 from ohlcv_candles c where ${KEY})`;

// The same merge in one statement, safe against concurrent writers of the same times.
const UPSERT = `with w as (
    insert into ohlcv_candles as c select * from ohlcv_candles_stage
    on conflict (exchange, symbol, timeframe, time) do update set
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      volume = excluded.volume, quote_volume = excluded.quote_volume, trade_count = excluded.trade_count
    where (c.open, c.high, c.low, c.close, c.volume, c.quote_volume, c.trade_count)
      is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume,
                        excluded.quote_volume, excluded.trade_count)
    returning (xmax = 0) as inserted)
  select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from w`;

/** The series and span (epoch ms, inclusive) of every row of the staging table. */
export interface MergeRange {
  exchange: string;
  symbol: string;
  timeframe: string;
  first: number;
  last: number;
}

/**
 * Merges `ohlcv_candles_stage` into `ohlcv_candles`: changed candles updated, new ones inserted,
 * equal ones left alone. It first tries an UPDATE of the changed rows and a plain INSERT of the
 * absent ones, which the server runs in about half the time of INSERT ... ON CONFLICT (whose
 * speculative insertion costs per new row). When a concurrent writer committed one of the same
 * times in between (unique violation), the attempt is rolled back to its savepoint and the merge
 * runs as one INSERT ... ON CONFLICT DO UPDATE, so the outcome is the same either way.
 */
export async function mergeStage(client: pg.PoolClient, range: MergeRange): Promise<{ inserted: number; updated: number }> {
  const params = [range.exchange, range.symbol, range.timeframe, range.first, range.last];
  await client.query("savepoint ohlcv_stage_merge");
  try {
    const updated = (await client.query(UPDATE_CHANGED, params)).rowCount ?? 0;
    const inserted = (await client.query(INSERT_NEW, params)).rowCount ?? 0;
    await client.query("release savepoint ohlcv_stage_merge");
    return { inserted, updated };
  } catch (error) {
    if ((error as { code?: string }).code !== "23505") throw error;
    await client.query("rollback to savepoint ohlcv_stage_merge");
  }
  const { rows } = await client.query<{ inserted: string; updated: string }>(UPSERT);
  return { inserted: Number(rows[0]?.inserted ?? 0), updated: Number(rows[0]?.updated ?? 0) };
}
