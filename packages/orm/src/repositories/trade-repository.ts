import type { FilterQuery, InferEntity, ObjectQuery } from "@mikro-orm/core";
import {
  DuplicateError,
  NotFoundError,
  Position,
  type PositionMethod,
  Trade,
  type TradeInput,
  type TradeStatistics,
  ValidationError,
} from "@tradekit/domain";
import { OrderEntity, TradeEntity } from "../entities/index.js";
import { sameFill, toTrade, withIdAndResult } from "../mapping/trade-mapping.js";
import { positiveCount, requireId, requireText, storableDecimal, storableText } from "../models/input-checks.js";
import { tableKysely } from "../typed-kysely.js";
import type { RepositoryContext } from "./repository-context.js";
import { queryTradeStatistics, type StatisticsFilter } from "./trade-statistics-query.js";
import { dropCheckpoint, loadStream, saveCheckpoint } from "./trade-stream-checkpoint.js";
import { type ResultUpdate, replayMerged, streamMethod } from "./trade-stream-replay.js";
import {
  AFTER_STORED_ID,
  insertFills,
  loadStreamTail,
  lockStreams,
  type NewFill,
  orderLinks,
  type StoredFill,
  type StreamKey,
  type StreamPoint,
  streamName,
  updateResults,
} from "./trade-stream-store.js";

/** Which fills a listing covers. */
export interface TradeFilter {
  /** Exchange account. */
  exId?: number;
  symbol?: string;
  botId?: number;
  /** Only the last N fills (returned oldest first). */
  last?: number;
  /** Only fills whose result is not computed yet. */
  uncalculated?: boolean;
}

/** Options of saveTrades, updateTrade and deleteTrade. */
export interface TradeWriteOptions {
  /**
   * Position accounting method (DESIGN.md §5). A stream keeps the method it started with (fifo
   * unless its first write said otherwise); leave it out to use the stream's. A different method
   * is refused with StreamMethodConflict: change a stream's method with changeStreamMethod.
   */
  method?: PositionMethod;
}

const keyOf = (t: Trade): string => `${t.exId}\u0000${t.exTradeId}`;
// Before any fill PostgreSQL can store a time for.
const BEGINNING: StreamPoint = { time: new Date("0001-01-01T00:00:00Z"), id: 0 };
type Row = InferEntity<typeof TradeEntity>;

function where(filter: Omit<TradeFilter, "last">): ObjectQuery<Row> {
  return {
    ...(filter.exId === undefined ? {} : { account: requireId("exId", filter.exId) }),
    ...(filter.symbol === undefined ? {} : { symbol: filter.symbol }),
    ...(filter.botId === undefined ? {} : { bot: requireId("botId", filter.botId) }),
    ...(filter.uncalculated ? { roi: null } : {}),
  };
}

/** A trade a batch may store: its text fits the columns and its numbers fit `numeric`. */
function storable(t: Trade): Trade {
  storableText("exTradeId", t.exTradeId);
  storableText("exOrderId", t.exOrderId);
  storableText("symbol", t.symbol);
  storableText("orderType", t.orderType);
  storableText("feeCurrency", t.feeCurrency);
  for (const f of ["volume", "price", "cost", "fee", "leverage"] as const) storableDecimal(f, t[f]);
  return t;
}

const startOfTodayUtc = (): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
};

/**
 * Live fills. Every fill's result (roi, roiPct, totalFee, cur*) is computed by the domain Position
 * engine over its stream — the fills of one (account, symbol) in (time, arrival) order: a stored
 * fill's id, a batch's input order; fills of the same time keep that order.
 */
export class TradeRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Stores fills with their results. Idempotent: a fill already stored (same account and venue
   * trade id, same content) is returned as stored; one with the same id but different content is
   * a DuplicateError. A fill older than stored ones recomputes the later fills of its stream in
   * this transaction. Writers of one stream are serialized by an advisory lock. A batch with an
   * invalid trade writes nothing and names it (ValidationError.inRow).
   */
  async saveTrades(input: readonly (Trade | TradeInput)[], options: TradeWriteOptions = {}): Promise<Trade[]> {
    const trades = input.map((t, i) => {
      try {
        return storable(t instanceof Trade ? t : Trade.create(t));
      } catch (error) {
        throw ValidationError.inRow(i, error, "trade");
      }
    });
    if (trades.length === 0) return [];
    const firstIndex = new Map<string, number>();
    trades.forEach((t, i) => {
      const seen = firstIndex.get(keyOf(t));
      if (seen === undefined) firstIndex.set(keyOf(t), i);
      else if (!sameFill(trades[seen] as Trade, t)) throw new DuplicateError("trade", { exId: t.exId, exTradeId: t.exTradeId });
    });
    const unique = [...firstIndex.values()].map((i) => trades[i] as Trade);
    const streams = new Map<string, { key: StreamKey; fresh: Trade[] }>();
    for (const t of unique) {
      const name = streamName(t);
      if (!streams.has(name)) streams.set(name, { key: { exId: t.exId, symbol: t.symbol }, fresh: [] });
    }
    const accounts = await lockStreams(
      this.ctx.db,
      [...streams.values()].map((s) => s.key),
      [...new Set(trades.map((t) => t.exId))],
    );
    checkAccounts(trades, accounts);

    const stored = await this.#findStored(unique);
    for (const t of unique) {
      const existing = stored.get(keyOf(t));
      if (existing && !sameFill(existing, t)) throw new DuplicateError("trade", { exId: t.exId, exTradeId: t.exTradeId });
      if (!existing) streams.get(streamName(t))?.fresh.push(t);
    }

    const inserts: NewFill[] = [];
    const updates: ResultUpdate[] = [];
    const ends: { key: StreamKey; position: Position; last: StoredFill | Trade }[] = [];
    for (const { key, fresh } of streams.values()) {
      const record = await loadStream(this.ctx.db, key);
      const method = streamMethod(key, record?.method ?? null, options.method);
      if (fresh.length === 0) continue;
      // Stable: fills of the same time keep their input order.
      const sorted = fresh.map((t, i) => ({ t, i })).sort((a, b) => a.t.time.getTime() - b.t.time.getTime() || a.i - b.i);
      const from = (sorted[0] as { t: Trade }).t.time;
      const checkpoint = record?.checkpoint ?? null;
      // Appending after the checkpoint: continue its Position. Otherwise replay from the last flat fill.
      const resume = checkpoint !== null && from.getTime() >= checkpoint.last.time.getTime();
      const position = resume ? checkpoint.position : new Position({ symbol: key.symbol, exId: key.exId, method });
      const tail = resume ? [] : (await loadStreamTail(this.ctx.db, key, { time: from, id: AFTER_STORED_ID })).fills;
      const last = replayMerged(
        position,
        tail,
        sorted.map((s) => s.t),
        inserts,
        updates,
      );
      if (last) ends.push({ key, position, last });
    }
    const ids = await insertFills(this.ctx.db, tableKysely(this.ctx.em), inserts);
    await updateResults(this.ctx.db, updates);
    const newIds = new Map(inserts.map((f, i) => [f.trade, ids[i] as number]));
    for (const { key, position, last } of ends) {
      const point = last instanceof Trade ? { time: last.time, id: newIds.get(last) as number } : last;
      await saveCheckpoint(this.ctx.db, key, point, position);
    }

    const saved = new Map<string, Trade>();
    for (const [i, f] of inserts.entries())
      saved.set(keyOf(f.trade), withIdAndResult(f.trade, ids[i] as number, f.outcome.result));
    for (const [k, t] of stored) saved.set(k, t);
    return trades.map((t) => saved.get(keyOf(t)) as Trade);
  }

  /** Replaces the stored fill `trade.id` with `trade` and recomputes the streams it leaves and joins. */
  async updateTrade(trade: Trade, options: TradeWriteOptions = {}): Promise<Trade> {
    if (trade.id === null || trade.id === undefined) throw ValidationError.invalid("id", trade.id, "the id of a stored trade");
    storable(trade);
    const before = await this.#getRow(trade.id);
    await lockStreams(this.ctx.db, [before, trade]);
    const link = (await orderLinks(this.ctx.db, [trade])).get(`${trade.exId}\u0000${trade.exOrderId}`);
    await this.ctx.db
      .updateTable("Trade")
      .set({
        account: trade.exId,
        user: trade.uid,
        catalogExchange: trade.catExId,
        order: link?.order ?? null,
        bot: link?.bot ?? null,
        exTradeId: trade.exTradeId,
        exOrderId: trade.exOrderId,
        symbol: trade.symbol,
        orderType: trade.orderType,
        side: trade.side,
        volume: trade.volume,
        price: trade.price,
        cost: trade.cost,
        fee: trade.fee,
        feeCurrency: trade.feeCurrency,
        leverage: trade.leverage,
        time: trade.time,
        roi: null,
        roiPct: null,
        totalFee: null,
        curVolume: null,
        curAvgPrice: null,
        curAvgCost: null,
        curFee: null,
        closedVolume: null,
      })
      .where("id", "=", trade.id)
      .execute();
    const id = trade.id;
    const earlier = before.time.getTime() <= trade.time.getTime() ? before.time : trade.time;
    await this.#recompute({ exId: before.exId, symbol: before.symbol }, { time: earlier, id }, options.method);
    if (before.exId !== trade.exId || before.symbol !== trade.symbol) {
      await this.#recompute({ exId: trade.exId, symbol: trade.symbol }, { time: trade.time, id }, options.method);
    }
    return this.#getRow(id);
  }

  /** Deletes stored fill `id` and recomputes the later fills of its stream. */
  async deleteTrade(id: number, options: TradeWriteOptions = {}): Promise<void> {
    const trade = await this.#getRow(id);
    await lockStreams(this.ctx.db, [trade]);
    // System events that name the fill keep their row (trade_id set null by the foreign key).
    await this.ctx.em.nativeDelete(TradeEntity, { id });
    await this.#recompute({ exId: trade.exId, symbol: trade.symbol }, { time: trade.time, id }, options.method);
  }

  /**
   * Accounts the stream of `symbol` on account `exId` with `method` from now on and recomputes
   * every stored fill of it under that method. Returns how many fills it recomputed.
   */
  async changeStreamMethod(exId: number, symbol: string, method: PositionMethod): Promise<number> {
    const key = { exId: requireId("exId", exId), symbol };
    if (method !== "fifo" && method !== "average") throw ValidationError.invalid("method", method, '"fifo" or "average"');
    await lockStreams(this.ctx.db, [key]);
    return this.#recompute(key, BEGINNING, method, true);
  }

  /** Fills matching `filter`, oldest first (`last`: only the newest N, still oldest first). */
  async getTrades(filter: TradeFilter = {}): Promise<Trade[]> {
    if (filter.last === undefined) return this.#find(where(filter), "asc");
    return (await this.#find(where(filter), "desc", positiveCount("last", filter.last))).reverse();
  }

  /** The fills of order `orderId` (matched by its venue order id on its account), oldest first. */
  async getTradesForOrder(orderId: number): Promise<Trade[]> {
    const order = await this.ctx.em.findOne(OrderEntity, requireId("orderId", orderId), { fields: ["account", "exOrderId"] });
    const match: FilterQuery<Row>[] = [{ order: orderId }];
    if (order?.exOrderId && order.account) match.push({ account: order.account.id, exOrderId: order.exOrderId });
    return this.#find({ $or: match }, "asc");
  }

  /** The newest `limit` fills (of account `exId` when given), newest first. */
  getRecent(limit = 50, filter: Omit<TradeFilter, "last"> = {}): Promise<Trade[]> {
    return this.#find(where(filter), "desc", positiveCount("limit", limit));
  }

  /** Every fill of `symbol` on account `exId` (its position's stream), oldest first; getTrades({ symbol }) spans accounts. */
  getBySymbol(exId: number, symbol: string): Promise<Trade[]> {
    requireText("symbol", symbol);
    return this.getTrades({ exId: requireId("exId", exId), symbol });
  }

  /** Fills since 00:00 UTC today, oldest first. */
  getTodayTrades(filter: Omit<TradeFilter, "last"> = {}): Promise<Trade[]> {
    return this.#find({ ...where(filter), time: { $gte: startOfTodayUtc() } }, "asc");
  }

  /** Closed-trade statistics (domain TradeStatistics), aggregated in SQL over the last `days` days. */
  getStatistics(filter: StatisticsFilter = {}): Promise<TradeStatistics> {
    return queryTradeStatistics(this.ctx.db, filter);
  }

  async #find(filter: FilterQuery<Row>, order: "asc" | "desc", limit?: number): Promise<Trade[]> {
    const rows = await this.ctx.em.find(TradeEntity, filter, {
      orderBy: { time: order, id: order },
      refresh: true,
      ...(limit === undefined ? {} : { limit }),
    });
    return rows.map(toTrade);
  }

  // Replays `key` from the last flat fill before `before` (from its start when `all`), writes the
  // results that changed and records where the stream stands. Returns how many fills it replayed.
  async #recompute(key: StreamKey, before: StreamPoint, requested: PositionMethod | undefined, all = false): Promise<number> {
    const record = await loadStream(this.ctx.db, key);
    const method = all ? (requested as PositionMethod) : streamMethod(key, record?.method ?? null, requested);
    const { flat, fills } = await loadStreamTail(this.ctx.db, key, before);
    const updates: ResultUpdate[] = [];
    const position = new Position({ symbol: key.symbol, exId: key.exId, method });
    const last = replayMerged(position, fills, [], [], updates) ?? flat;
    await updateResults(this.ctx.db, updates);
    if (last && !(last instanceof Trade)) await saveCheckpoint(this.ctx.db, key, last, position);
    else await dropCheckpoint(this.ctx.em, key);
    return fills.length;
  }

  async #getRow(id: number): Promise<Trade> {
    const row = await this.ctx.em.findOne(TradeEntity, requireId("id", id), { refresh: true });
    if (!row) throw NotFoundError.of("trade", id);
    return toTrade(row);
  }

  async #findStored(trades: readonly Trade[]): Promise<Map<string, Trade>> {
    const byAccount = new Map<number, string[]>();
    for (const t of trades) {
      const list = byAccount.get(t.exId) ?? [];
      if (list.length === 0) byAccount.set(t.exId, list);
      list.push(t.exTradeId);
    }
    const found = new Map<string, Trade>();
    for (const [exId, ids] of byAccount) {
      // One array parameter however many ids: `= any($1)` (an IN list would bind one each).
      const rows = await this.ctx.db
        .selectFrom("Trade")
        .selectAll()
        .where("account", "=", exId)
        .where("exTradeId", "=", (eb) => eb.fn.any(eb.val(ids)))
        .execute();
      for (const r of rows) {
        const trade = toTrade(this.ctx.em.map(TradeEntity, r as never, { mapped: true }));
        found.set(keyOf(trade), trade);
      }
    }
    return found;
  }
}

/** Refuses the first trade whose account is not among `known` (ValidationError naming its row). */
function checkAccounts(trades: readonly Trade[], known: ReadonlySet<number>): void {
  const bad = trades.findIndex((t) => !known.has(t.exId));
  if (bad >= 0) {
    throw ValidationError.inRow(
      bad,
      ValidationError.invalid("exId", trades[bad]?.exId, "the id of an existing exchange account"),
      "trade",
    );
  }
}
