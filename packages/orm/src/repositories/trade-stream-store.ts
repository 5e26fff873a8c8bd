import { Decimal, type Trade } from "@tradekit/domain";
import { type CompiledQuery, createQueryId, type Insertable, type Kysely } from "kysely";
import { RESULT_FIELDS, type ResultColumns } from "../mapping/trade-mapping.js";
import type { StoredRow, TradekitKysely, TradekitTableDB } from "../typed-kysely.js";
import { advisoryLockCall } from "./advisory-lock.js";
import type { FillOutcome } from "./stream-replay.js";

/** A stream: the fills of one symbol on one exchange account. */
export interface StreamKey {
  exId: number;
  symbol: string;
}

/** A place in a stream's order: (time, id). */
export interface StreamPoint {
  time: Date;
  id: number;
}

/** A stored fill of a stream, as the replay needs it, with what is stored as its result. */
export interface StoredFill extends StreamPoint {
  /** Signed: > 0 buys, < 0 sells. */
  volume: Decimal;
  price: Decimal;
  fee: Decimal;
  stored: ResultColumns | null;
}

/** A new fill to insert, with the outcome the replay gave it. */
export interface NewFill {
  trade: Trade;
  outcome: FillOutcome;
}

export const streamName = (k: StreamKey): string => `${k.exId}\u0000${k.symbol}`;

/** After every stored fill: new fills at `time` sort after stored ones of the same time. */
export const AFTER_STORED_ID = Number.MAX_SAFE_INTEGER;

const ZERO = new Decimal(0);
// Rows per INSERT: at 25 bound values a row, 2,000 rows stay well below PostgreSQL's 65,535 parameters.
const INSERT_CHUNK = 2_000;
const UPDATE_CHUNK = 1_000;

/**
 * Takes the transaction-scoped advisory lock of every stream, in one fixed order so two writers
 * sharing streams cannot deadlock. Held until commit or rollback: fills of a stream are computed
 * by one writer at a time, each seeing what the previous one committed.
 */
export async function lockStreams(
  db: TradekitKysely,
  keys: readonly StreamKey[],
  accountIds: readonly number[] = [],
): Promise<Set<number>> {
  const names = [...new Set(keys.map(streamName))].sort();
  if (names.length === 0 && accountIds.length === 0) return new Set();
  // One statement for every lock (taken left to right, in name order) and the account check:
  // saveTrades runs this for every booking, and one statement per lock was a round trip each.
  const row = await db
    .selectNoFrom((eb) => [
      ...names.map((name, i) => {
        const [exId, symbol] = name.split("\u0000") as [string, string];
        return advisoryLockCall(eb, "tradekit.trades", exId, symbol).as(`lock${i}`);
      }),
      ...(accountIds.length === 0
        ? []
        : [
            eb
              .selectFrom("ExchangeAccount")
              .select((a) => a.fn.agg<number[]>("array_agg", ["id"]).as("ids"))
              .where("id", "in", accountIds)
              .as("accounts"),
          ]),
    ])
    .executeTakeFirst();
  const found = (row as { accounts?: (number | string)[] | null } | undefined)?.accounts ?? [];
  return new Set(found.map(Number));
}

/**
 * The stored fills of `key` that a change at `before` may affect, oldest first: everything after
 * the last fill strictly before `before` that left the position flat (a flat position has no lots,
 * so the replay can start there; `flat` is that fill), or the whole stream when it was never flat.
 */
export async function loadStreamTail(
  db: TradekitKysely,
  key: StreamKey,
  before: StreamPoint,
): Promise<{ flat: StreamPoint | null; fills: StoredFill[] }> {
  const stream = db.selectFrom("Trade").where("account", "=", key.exId).where("symbol", "=", key.symbol);
  const flat =
    (await stream
      .select(["time", "id"])
      .where("curVolume", "=", ZERO)
      .where("time", "<=", before.time)
      .where((eb) => eb(eb.refTuple("time", "id"), "<", eb.tuple(before.time, before.id)))
      .orderBy("time", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst()) ?? null;
  const rows = await stream
    .select(["id", "time", "side", "volume", "price", "fee", ...RESULT_FIELDS])
    .$if(flat !== null, (q) =>
      q.where((eb) => eb(eb.refTuple("time", "id"), ">", eb.tuple((flat as StreamPoint).time, (flat as StreamPoint).id))),
    )
    .orderBy("time")
    .orderBy("id")
    .execute();
  const fills = rows.map((r) => ({
    id: r.id,
    time: r.time,
    volume: r.side === "sell" ? r.volume.neg() : r.volume,
    price: r.price,
    fee: r.fee,
    stored: r.roi === null ? null : (Object.fromEntries(RESULT_FIELDS.map((f) => [f, r[f]])) as unknown as ResultColumns),
  }));
  return { flat, fills };
}

/** The order a fill belongs to, and that order's bot. */
interface OrderLink {
  order: number;
  bot: number | null;
}

/**
 * The order each fill belongs to (the newest order with its venue order id on its account) and
 * that order's bot, keyed by account and venue order id.
 */
export async function orderLinks(db: TradekitKysely, trades: readonly Trade[]) {
  const byAccount = new Map<number, Set<string>>();
  for (const t of trades) {
    if (t.exOrderId === null) continue;
    const ids = byAccount.get(t.exId) ?? new Set<string>();
    byAccount.set(t.exId, ids);
    ids.add(t.exOrderId);
  }
  const links = new Map<string, OrderLink>();
  for (const [exId, ids] of byAccount) {
    const orders = await db
      .selectFrom("Order")
      .select(["id", "bot", "exOrderId"])
      .where("account", "=", exId)
      .where("exOrderId", "=", (eb) => eb.fn.any(eb.val([...ids])))
      .orderBy("id")
      .execute();
    // Ascending ids: the newest order of an id is written last.
    for (const o of orders) links.set(`${exId}\u0000${o.exOrderId}`, { order: o.id, bot: o.bot });
  }
  return links;
}

/**
 * Inserts `fills` in the given order (ids follow it) with their results, linking each to the order
 * with the same venue order id on its account when there is one. Returns the new ids in order.
 * Written through the unconverted Kysely instance with values ready for the driver: this is the
 * bulk path (DESIGN.md §9 bar), where converting each value through the entity types and mapping
 * 100,000 returned ids back would cost more than the insert.
 */
export async function insertFills(
  db: TradekitKysely,
  tables: Kysely<TradekitTableDB>,
  fills: readonly NewFill[],
): Promise<number[]> {
  if (fills.length === 0) return [];
  const links = await orderLinks(
    db,
    fills.map((f) => f.trade),
  );
  type Row = ReturnType<typeof storedFill>;
  const ids: number[] = [];
  // Every full chunk is the same statement: it is built by the typed builder once, and each
  // further chunk of that size only binds its values, in the order it binds them (columns per row).
  let shape: { rows: number; query: CompiledQuery<{ id: number }> } | undefined;
  for (let start = 0; start < fills.length; start += INSERT_CHUNK) {
    const rows = fills.slice(start, start + INSERT_CHUNK).map((f) => storedFill(f, links));
    const columns = Object.keys(rows[0] as Row) as (keyof Row)[];
    let query: CompiledQuery<{ id: number }>;
    if (shape?.rows === rows.length) {
      query = { ...shape.query, parameters: rows.flatMap((r) => columns.map((c) => r[c])), queryId: createQueryId() };
    } else {
      query = tables
        .insertInto("trades")
        .values(rows as unknown as Insertable<TradekitTableDB["trades"]>[])
        .returning("id")
        .compile();
      // Reused only if it binds exactly one value per column and row (nothing inlined).
      shape = query.parameters.length === rows.length * columns.length ? { rows: rows.length, query } : undefined;
    }
    const { rows: inserted } = await tables.executeQuery(query);
    // Unconverted, the driver hands a bigint id over as text.
    for (const r of inserted) ids.push(Number(r.id));
  }
  return ids;
}

/** A new fill as the values of its trades row, every Decimal already its exact text. */
function storedFill({ trade: t, outcome: { result: r } }: NewFill, links: Map<string, OrderLink>) {
  const link = t.exOrderId === null ? undefined : links.get(`${t.exId}\u0000${t.exOrderId}`);
  const row: StoredRow<Insertable<TradekitTableDB["trades"]>> = {
    account_id: t.exId,
    user_id: t.uid,
    catalog_exchange_id: t.catExId,
    order_id: link?.order ?? null,
    bot_id: link?.bot ?? null,
    ex_trade_id: t.exTradeId,
    ex_order_id: t.exOrderId,
    symbol: t.symbol,
    order_type: t.orderType,
    side: t.side,
    volume: t.volume.toFixed(),
    price: t.price.toFixed(),
    cost: t.cost.toFixed(),
    fee: t.fee.toFixed(),
    fee_currency: t.feeCurrency,
    leverage: t.leverage.toFixed(),
    time: t.time,
    roi: r.roi.toFixed(),
    roi_pct: r.roiPct.toFixed(),
    total_fee: r.totalFee.toFixed(),
    cur_volume: r.curVolume.toFixed(),
    cur_avg_price: r.curAvgPrice.toFixed(),
    cur_avg_cost: r.curAvgCost.toFixed(),
    cur_fee: r.curFee.toFixed(),
    closed_volume: r.closedVolume.toFixed(),
  };
  return row;
}

/** Writes new results onto stored fills: one UPDATE per chunk, each column a CASE on the id. */
export async function updateResults(
  db: TradekitKysely,
  updates: readonly { id: number; values: ResultColumns }[],
): Promise<void> {
  for (let start = 0; start < updates.length; start += UPDATE_CHUNK) {
    const chunk = updates.slice(start, start + UPDATE_CHUNK);
    const [first, ...rest] = chunk as [(typeof chunk)[number], ...typeof chunk];
    await db
      .updateTable("Trade")
      .set((eb) => {
        // Inside CASE no column types the values: each is cast to numeric itself.
        const value = (d: Decimal) => eb.cast<Decimal>(eb.val(d.toFixed()), "numeric");
        const columns: Partial<Record<(typeof RESULT_FIELDS)[number], unknown>> = {};
        for (const field of RESULT_FIELDS) {
          let expr = eb.case().when("id", "=", first.id).then(value(first.values[field]));
          for (const u of rest) expr = expr.when("id", "=", u.id).then(value(u.values[field]));
          columns[field] = expr.end();
        }
        return columns as never;
      })
      .where(
        "id",
        "in",
        chunk.map((u) => u.id),
      )
      .execute();
  }
}

/** The stored results of a fill equal the new ones (numerically). */
export function sameResult(stored: ResultColumns | null, values: ResultColumns): boolean {
  if (stored === null) return false;
  return RESULT_FIELDS.every((f) => stored[f].eq(values[f]));
}
