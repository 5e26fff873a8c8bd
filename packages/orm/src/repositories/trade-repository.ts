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
import type { RepositoryContext } from "./repository-context.js";
import { replayStream, type StreamFill } from "./stream-replay.js";
import { RESULT_COLUMNS, resultValues, rowToTrade, TRADE_SELECT } from "./trade-row.js";
import { queryTradeStatistics, type StatisticsFilter } from "./trade-statistics-query.js";
import { dropCheckpoint, loadCheckpoint, saveCheckpoint } from "./trade-stream-checkpoint.js";
import {
  AFTER_STORED_ID,
  insertFills,
  loadStreamTail,
  lockStreams,
  type NewFill,
  type StoredFill,
  type StreamKey,
  type StreamPoint,
  sameResult,
  streamName,
  updateResults,
} from "./trade-stream-store.js";
import { sameFill, withIdAndResult } from "./trade-values.js";

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
  /** Position accounting method of the streams (DESIGN.md §5); default fifo. Use one method per stream. */
  method?: PositionMethod;
}

const keyOf = (t: Trade): string => `${t.exId}\u0000${t.exTradeId}`;

function where(filter: TradeFilter, params: unknown[], extra: string[] = []): string {
  const parts = [...extra];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    parts.push(sql.replace("?", `$${params.length}`));
  };
  if (filter.exId !== undefined) add("account_id = ?", filter.exId);
  if (filter.symbol !== undefined) add("symbol = ?", filter.symbol);
  if (filter.botId !== undefined) add("bot_id = ?", filter.botId);
  if (filter.uncalculated) parts.push("roi is null");
  return parts.length ? `where ${parts.join(" and ")}` : "";
}

function positiveInt(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw ValidationError.invalid(field, value, "a whole number > 0");
  return value;
}

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
    const method = options.method ?? "fifo";
    const trades = input.map((t, i) => {
      try {
        return t instanceof Trade ? t : Trade.create(t);
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
    await this.#checkAccounts(trades);
    const unique = [...firstIndex.values()].map((i) => trades[i] as Trade);
    const streams = new Map<string, { key: StreamKey; fresh: Trade[] }>();
    for (const t of unique) {
      const name = streamName(t);
      if (!streams.has(name)) streams.set(name, { key: { exId: t.exId, symbol: t.symbol }, fresh: [] });
    }
    await lockStreams(
      this.ctx.sql,
      [...streams.values()].map((s) => s.key),
    );

    const stored = await this.#findStored(unique);
    for (const t of unique) {
      const existing = stored.get(keyOf(t));
      if (existing && !sameFill(existing, t)) throw new DuplicateError("trade", { exId: t.exId, exTradeId: t.exTradeId });
      if (!existing) streams.get(streamName(t))?.fresh.push(t);
    }

    const inserts: NewFill[] = [];
    const updates: { id: number; values: string[] }[] = [];
    const ends: { key: StreamKey; position: Position; last: StoredFill | Trade }[] = [];
    for (const { key, fresh } of streams.values()) {
      if (fresh.length === 0) continue;
      // Stable: fills of the same time keep their input order.
      const sorted = fresh.map((t, i) => ({ t, i })).sort((a, b) => a.t.time.getTime() - b.t.time.getTime() || a.i - b.i);
      const from = (sorted[0] as { t: Trade }).t.time;
      const checkpoint = await loadCheckpoint(this.ctx.sql, key);
      // Appending after the checkpoint: continue its Position. Otherwise replay from the last flat fill.
      const resume = checkpoint !== null && checkpoint.method === method && from.getTime() >= checkpoint.last.time.getTime();
      const position = resume ? checkpoint.position : new Position({ symbol: key.symbol, exId: key.exId, method });
      const tail = resume ? [] : await loadStreamTail(this.ctx.sql, key, { time: from, id: AFTER_STORED_ID });
      const last = this.#replayMerged(
        position,
        tail,
        sorted.map((s) => s.t),
        inserts,
        updates,
      );
      if (last) ends.push({ key, position, last });
    }
    const ids = await insertFills(this.ctx.sql, inserts);
    await updateResults(this.ctx.sql, updates);
    const newIds = new Map(inserts.map((f, i) => [f.trade, ids[i] as number]));
    for (const { key, position, last } of ends) {
      const point = last instanceof Trade ? { time: last.time, id: newIds.get(last) as number } : last;
      await saveCheckpoint(this.ctx.sql, key, point, position);
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
    const before = await this.#getRow(trade.id);
    await lockStreams(this.ctx.sql, [before, trade]);
    await this.ctx.sql.execute(
      `update trades set account_id = $2, user_id = $3, catalog_exchange_id = $4, ex_trade_id = $5, ex_order_id = $6::text,
         symbol = $7, order_type = $8, side = $9, volume = $10, price = $11, cost = $12, fee = $13, fee_currency = $14,
         leverage = $15, time = $16, ${RESULT_COLUMNS.map((c) => `${c} = null`).join(", ")},
         order_id = (select id from orders where account_id = $2 and ex_order_id = $6::text order by id desc limit 1),
         bot_id = (select bot_id from orders where account_id = $2 and ex_order_id = $6::text order by id desc limit 1)
       where id = $1`,
      [
        trade.id,
        trade.exId,
        trade.uid,
        trade.catExId,
        trade.exTradeId,
        trade.exOrderId,
        trade.symbol,
        trade.orderType,
        trade.side,
        trade.volume.toFixed(),
        trade.price.toFixed(),
        trade.cost.toFixed(),
        trade.fee.toFixed(),
        trade.feeCurrency,
        trade.leverage.toFixed(),
        trade.time.toISOString(),
      ],
    );
    const id = trade.id;
    const earlier = (before.time.getTime() <= trade.time.getTime() ? before.time : trade.time) as Date;
    await this.#recompute({ exId: before.exId, symbol: before.symbol }, { time: earlier, id }, options);
    if (before.exId !== trade.exId || before.symbol !== trade.symbol) {
      await this.#recompute({ exId: trade.exId, symbol: trade.symbol }, { time: trade.time, id }, options);
    }
    return this.#getRow(id);
  }

  /** Deletes stored fill `id` and recomputes the later fills of its stream. */
  async deleteTrade(id: number, options: TradeWriteOptions = {}): Promise<void> {
    const trade = await this.#getRow(id);
    await lockStreams(this.ctx.sql, [trade]);
    await this.ctx.sql.execute("update system_events set trade_id = null where trade_id = $1", [id]);
    await this.ctx.sql.execute("delete from trades where id = $1", [id]);
    await this.#recompute({ exId: trade.exId, symbol: trade.symbol }, { time: trade.time, id }, options);
  }

  /** Fills matching `filter`, oldest first (`last`: only the newest N, still oldest first). */
  async getTrades(filter: TradeFilter = {}): Promise<Trade[]> {
    const params: unknown[] = [];
    const w = where(filter, params);
    if (filter.last === undefined) {
      return (await this.ctx.sql.execute(`select ${TRADE_SELECT} from trades ${w} order by time, id`, params)).map(rowToTrade);
    }
    const last = positiveInt(filter.last, "last");
    const rows = await this.ctx.sql.execute(
      `select * from (select ${TRADE_SELECT} from trades ${w} order by time desc, id desc limit ${last}) t order by time, id`,
      params,
    );
    return rows.map(rowToTrade);
  }

  /** The fills of order `orderId` (matched by its venue order id on its account), oldest first. */
  async getTradesForOrder(orderId: number): Promise<Trade[]> {
    const rows = await this.ctx.sql.execute(
      `select ${TRADE_SELECT} from trades
       where order_id = $1
          or (account_id, ex_order_id) in (select account_id, ex_order_id from orders where id = $1 and ex_order_id is not null)
       order by time, id`,
      [orderId],
    );
    return rows.map(rowToTrade);
  }

  /** The newest `limit` fills (of account `exId` when given), newest first. */
  async getRecent(limit = 50, filter: Omit<TradeFilter, "last"> = {}): Promise<Trade[]> {
    const params: unknown[] = [];
    const sql = `select ${TRADE_SELECT} from trades ${where(filter, params)} order by time desc, id desc limit ${positiveInt(limit, "limit")}`;
    return (await this.ctx.sql.execute(sql, params)).map(rowToTrade);
  }

  /** Every fill of `symbol` (on account `exId` when given), oldest first. */
  getBySymbol(symbol: string, exId?: number): Promise<Trade[]> {
    return this.getTrades({ symbol, ...(exId === undefined ? {} : { exId }) });
  }

  /** Fills since 00:00 UTC today, oldest first. */
  async getTodayTrades(filter: Omit<TradeFilter, "last"> = {}): Promise<Trade[]> {
    const params: unknown[] = [];
    const today = "time >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'";
    const sql = `select ${TRADE_SELECT} from trades ${where(filter, params, [today])} order by time, id`;
    return (await this.ctx.sql.execute(sql, params)).map(rowToTrade);
  }

  /** Closed-trade statistics (domain TradeStatistics), aggregated in SQL over the last `days` days. */
  getStatistics(filter: StatisticsFilter = {}): Promise<TradeStatistics> {
    return queryTradeStatistics(this.ctx.sql, filter);
  }

  // Replays stored fills and new ones merged in stream order through `position`; queues the new
  // fills for insert and the stored ones whose result changed for update. Returns the last fill.
  #replayMerged(
    position: Position,
    tail: StoredFill[],
    fresh: Trade[],
    inserts: NewFill[],
    updates: { id: number; values: string[] }[],
  ): StoredFill | Trade | undefined {
    const order: (StoredFill | Trade)[] = [];
    let a = 0;
    let b = 0;
    while (a < tail.length || b < fresh.length) {
      const s = tail[a];
      const f = fresh[b];
      // A stored fill of the same time came first: it goes first.
      if (s && (!f || s.time.getTime() <= f.time.getTime())) {
        order.push(s);
        a++;
      } else if (f) {
        order.push(f);
        b++;
      }
    }
    const fills: StreamFill[] = order.map((x) =>
      x instanceof Trade ? { volume: x.signedVolume, price: x.price, fee: x.fee } : x,
    );
    const outcomes = replayStream(position, fills);
    for (const [i, x] of order.entries()) {
      const outcome = outcomes[i];
      if (!outcome) continue;
      if (x instanceof Trade) inserts.push({ trade: x, outcome });
      else {
        const values = resultValues(outcome.result, outcome.closedVolume);
        if (!sameResult(x.stored, values)) updates.push({ id: x.id, values });
      }
    }
    return order[order.length - 1];
  }

  async #recompute(key: StreamKey, before: StreamPoint, options: TradeWriteOptions): Promise<void> {
    const tail = await loadStreamTail(this.ctx.sql, key, before);
    const updates: { id: number; values: string[] }[] = [];
    const position = new Position({ symbol: key.symbol, exId: key.exId, method: options.method ?? "fifo" });
    const last = this.#replayMerged(position, tail, [], [], updates);
    await updateResults(this.ctx.sql, updates);
    if (last && !(last instanceof Trade)) await saveCheckpoint(this.ctx.sql, key, last, position);
    else await dropCheckpoint(this.ctx.sql, key);
  }

  async #getRow(id: number): Promise<Trade> {
    const rows = await this.ctx.sql.execute(`select ${TRADE_SELECT} from trades where id = $1`, [id]);
    if (!rows[0]) throw NotFoundError.of("trade", id);
    return rowToTrade(rows[0]);
  }

  async #findStored(trades: readonly Trade[]): Promise<Map<string, Trade>> {
    const rows = await this.ctx.sql.execute(
      `select ${TRADE_SELECT.split(", ")
        .map((c) => `t.${c}`)
        .join(", ")} from trades t
       join unnest($1::int[], $2::text[]) as k(account_id, ex_trade_id)
         on t.account_id = k.account_id and t.ex_trade_id = k.ex_trade_id`,
      [trades.map((t) => t.exId), trades.map((t) => t.exTradeId)],
    );
    return new Map(rows.map((r) => [`${r.account_id}\u0000${r.ex_trade_id}`, rowToTrade(r)]));
  }

  async #checkAccounts(trades: readonly Trade[]): Promise<void> {
    const ids = [...new Set(trades.map((t) => t.exId))];
    const rows = await this.ctx.sql.execute<{ id: number }>("select id from exchange_accounts where id = any($1::int[])", [ids]);
    const known = new Set(rows.map((r) => Number(r.id)));
    const bad = trades.findIndex((t) => !known.has(t.exId));
    if (bad >= 0) {
      throw ValidationError.inRow(
        bad,
        ValidationError.invalid("exId", trades[bad]?.exId, "the id of an existing exchange account"),
        "trade",
      );
    }
  }
}
