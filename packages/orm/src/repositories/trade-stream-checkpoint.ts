import { Position, type PositionDict, type PositionMethod } from "@tradekit/domain";
import type { SqlExecutor } from "../sql-executor.js";
import { dateOf, idOf } from "./row-values.js";
import type { StreamKey, StreamPoint } from "./trade-stream-store.js";

/** The Position of a stream after its last stored fill. */
export interface StreamCheckpoint {
  last: StreamPoint;
  method: PositionMethod;
  position: Position;
}

/**
 * The checkpoint of `key`, or null when there is none or it is behind the stored fills (a fill
 * written after it by something other than this repository): then the caller replays.
 */
export async function loadCheckpoint(sql: SqlExecutor, key: StreamKey): Promise<StreamCheckpoint | null> {
  const [row] = await sql.execute(
    `select s.last_time, s.last_trade_id, s.method, s.state,
       exists (select 1 from trades t where t.account_id = s.account_id and t.symbol = s.symbol
               and t.time >= s.last_time and (t.time, t.id) > (s.last_time, s.last_trade_id)) as behind
     from trade_streams s where s.account_id = $1 and s.symbol = $2`,
    [key.exId, key.symbol],
  );
  if (!row || row.behind) return null;
  const state = (typeof row.state === "string" ? JSON.parse(row.state) : row.state) as PositionDict;
  return {
    last: { time: dateOf(row.last_time), id: idOf(row.last_trade_id) },
    method: row.method as PositionMethod,
    position: Position.fromDict(state),
  };
}

/** Records `position` as the state of `key` after its fill `last`. */
export async function saveCheckpoint(sql: SqlExecutor, key: StreamKey, last: StreamPoint, position: Position): Promise<void> {
  await sql.execute(
    `insert into trade_streams (account_id, symbol, method, last_time, last_trade_id, state, updated_at)
     values ($1, $2, $3, $4, $5, $6::jsonb, now())
     on conflict (account_id, symbol) do update set method = excluded.method, last_time = excluded.last_time,
       last_trade_id = excluded.last_trade_id, state = excluded.state, updated_at = now()`,
    [key.exId, key.symbol, position.method, last.time.toISOString(), last.id, JSON.stringify(position.toDict())],
  );
}

/** Forgets the checkpoint of `key` (the next write replays from the last flat fill). */
export async function dropCheckpoint(sql: SqlExecutor, key: StreamKey): Promise<void> {
  await sql.execute("delete from trade_streams where account_id = $1 and symbol = $2", [key.exId, key.symbol]);
}
