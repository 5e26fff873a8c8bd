import type { Decimal, Trade } from "@tradekit/domain";
import type { SqlExecutor } from "../sql-executor.js";
import { dateOf, decimalOf, idOf } from "./row-values.js";
import type { FillOutcome } from "./stream-replay.js";
import { RESULT_COLUMNS, resultValues } from "./trade-row.js";

/** A stream: the fills of one symbol on one exchange account. */
export interface StreamKey {
  exId: number;
  symbol: string;
}

/** A stored fill of a stream, as the replay needs it, with what is stored as its result. */
export interface StoredFill {
  id: number;
  time: Date;
  volume: Decimal;
  price: Decimal;
  fee: Decimal;
  stored: string[] | null;
}

/** A new fill to insert, with the outcome the replay gave it. */
export interface NewFill {
  trade: Trade;
  outcome: FillOutcome;
}

export const streamName = (k: StreamKey): string => `${k.exId}\u0000${k.symbol}`;

/**
 * Takes the transaction-scoped advisory lock of every stream, in one fixed order so two writers
 * sharing streams cannot deadlock. Held until commit or rollback: fills of a stream are computed
 * by one writer at a time, each seeing what the previous one committed.
 */
export async function lockStreams(sql: SqlExecutor, keys: readonly StreamKey[]): Promise<void> {
  if (keys.length === 0) return;
  await sql.execute(
    `select count(pg_advisory_xact_lock(h)) from (
       select distinct hashtextextended('tradekit.trades:' || a || ':' || s, 0) as h
       from unnest($1::int[], $2::text[]) as k(a, s) order by 1) as locks`,
    [keys.map((k) => k.exId), keys.map((k) => k.symbol)],
  );
}

/** A place in a stream's order: (time, id). */
export interface StreamPoint {
  time: Date;
  id: number;
}

/** After every stored fill: new fills at `time` sort after stored ones of the same time. */
export const AFTER_STORED_ID = Number.MAX_SAFE_INTEGER;

/**
 * The stored fills of `key` that a change at `before` may affect, oldest first: everything after
 * the last fill strictly before `before` that left the position flat (a flat position has no lots,
 * so the replay can start there), or the whole stream when it was never flat.
 */
export async function loadStreamTail(sql: SqlExecutor, key: StreamKey, before: StreamPoint): Promise<StoredFill[]> {
  const rows = await sql.execute(
    `with flat as (
       select time, id from trades
       where account_id = $1 and symbol = $2 and cur_volume = 0 and time <= $3 and (time, id) < ($3::timestamptz, $4::bigint)
       order by time desc, id desc limit 1)
     select id, time, side, volume, price, fee, ${RESULT_COLUMNS.join(", ")} from trades t
     where account_id = $1 and symbol = $2
       and (not exists (select 1 from flat) or (t.time, t.id) > (select time, id from flat))
     order by time, id`,
    [key.exId, key.symbol, before.time.toISOString(), before.id],
  );
  return rows.map((r) => {
    const volume = decimalOf(r.volume);
    return {
      id: idOf(r.id),
      time: dateOf(r.time),
      volume: r.side === "sell" ? volume.neg() : volume,
      price: decimalOf(r.price),
      fee: decimalOf(r.fee),
      stored: r.roi === null ? null : RESULT_COLUMNS.map((c) => String(r[c])),
    };
  });
}

const col = <T>(fills: readonly NewFill[], pick: (f: NewFill) => T): T[] => fills.map(pick);

/**
 * Inserts `fills` in the given order (ids follow it) with their results, linking each to the order
 * with the same venue order id on its account when there is one. Returns the new ids in order.
 */
export async function insertFills(sql: SqlExecutor, fills: readonly NewFill[]): Promise<number[]> {
  if (fills.length === 0) return [];
  const results = fills.map((f) => resultValues(f.outcome.result, f.outcome.closedVolume));
  const params: unknown[] = [
    col(fills, (f) => f.trade.exId),
    col(fills, (f) => f.trade.uid),
    col(fills, (f) => f.trade.catExId),
    col(fills, (f) => f.trade.exTradeId),
    col(fills, (f) => f.trade.exOrderId),
    col(fills, (f) => f.trade.symbol),
    col(fills, (f) => f.trade.orderType),
    col(fills, (f) => f.trade.side),
    col(fills, (f) => f.trade.volume.toFixed()),
    col(fills, (f) => f.trade.price.toFixed()),
    col(fills, (f) => f.trade.cost.toFixed()),
    col(fills, (f) => f.trade.fee.toFixed()),
    col(fills, (f) => f.trade.feeCurrency),
    col(fills, (f) => f.trade.leverage.toFixed()),
    col(fills, (f) => f.trade.time.toISOString()),
    ...RESULT_COLUMNS.map((_, i) => results.map((r) => r[i])),
  ];
  const resultTypes = RESULT_COLUMNS.map((_, i) => `$${16 + i}::numeric[]`).join(", ");
  const rows = await sql.execute<{ id: string }>(
    `insert into trades (account_id, user_id, catalog_exchange_id, order_id, bot_id, ex_trade_id, ex_order_id, symbol,
       order_type, side, volume, price, cost, fee, fee_currency, leverage, time, ${RESULT_COLUMNS.join(", ")})
     select u.account_id, u.user_id, u.catalog_exchange_id, o.id, o.bot_id, u.ex_trade_id, u.ex_order_id, u.symbol,
       u.order_type, u.side, u.volume, u.price, u.cost, u.fee, u.fee_currency, u.leverage, u.time, ${RESULT_COLUMNS.map((c) => `u.${c}`).join(", ")}
     from unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::text[], $14::numeric[], $15::timestamptz[], ${resultTypes})
       with ordinality as u(account_id, user_id, catalog_exchange_id, ex_trade_id, ex_order_id, symbol, order_type, side,
         volume, price, cost, fee, fee_currency, leverage, time, ${RESULT_COLUMNS.join(", ")}, ord)
     left join lateral (
       select id, bot_id from orders where account_id = u.account_id and ex_order_id = u.ex_order_id order by id desc limit 1
     ) o on true
     order by u.ord
     returning id`,
    params,
  );
  return rows.map((r) => idOf(r.id));
}

/** Writes new results onto stored fills (set-based: one statement for all). */
export async function updateResults(sql: SqlExecutor, updates: readonly { id: number; values: string[] }[]): Promise<void> {
  if (updates.length === 0) return;
  const sets = RESULT_COLUMNS.map((c) => `${c} = u.${c}`).join(", ");
  const arrays = RESULT_COLUMNS.map((_, i) => `$${i + 2}::numeric[]`).join(", ");
  await sql.execute(
    `update trades t set ${sets}
     from unnest($1::bigint[], ${arrays}) as u(id, ${RESULT_COLUMNS.join(", ")})
     where t.id = u.id`,
    [updates.map((u) => u.id), ...RESULT_COLUMNS.map((_, i) => updates.map((u) => u.values[i]))],
  );
}

/** The stored results of a fill equal the new ones (numerically). */
export function sameResult(stored: string[] | null, values: string[]): boolean {
  if (stored === null) return false;
  return stored.every((s, i) => decimalOf(s).eq(values[i] as string));
}
