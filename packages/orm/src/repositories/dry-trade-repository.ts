import {
  Decimal,
  DryTrade,
  type DryTradeInput,
  NotFoundError,
  Position,
  type PositionMethod,
  ValidationError,
} from "@tradekit/domain";
import { DryTradeEntity } from "../entities/index.js";
import { dryTradeColumns, resultColumns, toDryTrade } from "../mapping/trade-mapping.js";
import { requireId, requireText, storableDecimal, storableText } from "../models/input-checks.js";
import { advisoryLock } from "./advisory-lock.js";
import type { RepositoryContext } from "./repository-context.js";
import { replayStream } from "./stream-replay.js";

const ZERO = new Decimal(0);

/** A dry trade whose text fits its columns and whose numbers fit `numeric`. */
function storable(d: DryTrade): DryTrade {
  for (const f of ["exTradeId", "exOrderId", "symbol", "orderType", "feeCurrency"] as const) storableText(f, d[f]);
  storableText("reason", d.reason, 1_000_000);
  for (const f of ["volume", "price", "cost", "fee", "leverage"] as const) storableDecimal(f, d[f]);
  return d;
}

/**
 * Paper fills of dry-run bots. A bot's fills of one symbol form a stream replayed through the
 * domain Position in arrival (id) order, so each stored dry trade carries its PnL: roi is the
 * realized PnL when it closes (part of) the position, 0 when it only opens.
 */
export class DryTradeRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Stores a paper fill with its computed result; returns it with id and result. */
  async saveDryTrade(input: DryTrade | DryTradeInput, options: { method?: PositionMethod } = {}): Promise<DryTrade> {
    const dry = storable(input instanceof DryTrade ? input : DryTrade.create(input));
    if (dry.id !== null && dry.id !== undefined) throw ValidationError.invalid("id", dry.id, "null for a new dry trade");
    await this.#lock(dry.botId, dry.symbol);
    const row = this.ctx.em.create(DryTradeEntity, dryTradeColumns(dry));
    await this.ctx.em.flush();
    await this.#recompute(dry.botId, dry.symbol, row.id, options.method);
    return toDryTrade(row);
  }

  /** Replaces the stored dry trade `dry.id` and recomputes the later fills of its stream. */
  async updateDryTrade(dry: DryTrade, options: { method?: PositionMethod } = {}): Promise<DryTrade> {
    if (dry.id === null || dry.id === undefined) throw ValidationError.invalid("id", dry.id, "the id of a stored dry trade");
    storable(dry);
    const row = await this.#row(dry.id);
    const before = { botId: row.bot.id, symbol: row.symbol };
    await this.#lock(before.botId, before.symbol);
    const moved = before.symbol !== dry.symbol || before.botId !== dry.botId;
    if (moved) await this.#lock(dry.botId, dry.symbol);
    this.ctx.em.assign(row, dryTradeColumns(dry));
    await this.ctx.em.flush();
    await this.#recompute(before.botId, before.symbol, dry.id, options.method);
    if (moved) await this.#recompute(dry.botId, dry.symbol, dry.id, options.method);
    return toDryTrade(row);
  }

  /** Deletes every dry trade of bot `botId`; returns how many. */
  deleteDryTrades(botId: number): Promise<number> {
    return this.ctx.em.nativeDelete(DryTradeEntity, { bot: requireId("botId", botId) });
  }

  /** The newest dry trade of `botId` on `symbol` (on account `options.exId` when given), or null when none. */
  async getLastDryTrade(botId: number, symbol: string, options: { exId?: number | null } = {}): Promise<DryTrade | null> {
    const exId = options.exId;
    const row = await this.ctx.em.findOne(
      DryTradeEntity,
      {
        bot: requireId("botId", botId),
        symbol: requireText("symbol", symbol),
        ...(exId === undefined || exId === null ? {} : { account: requireId("exId", exId) }),
      },
      { orderBy: { id: "desc" }, refresh: true },
    );
    return row ? toDryTrade(row) : null;
  }

  /** Every dry trade of bot `botId` (on `symbol` when given), in arrival order. */
  async getDryTrades(botId: number, symbol?: string): Promise<DryTrade[]> {
    const rows = await this.ctx.em.find(
      DryTradeEntity,
      { bot: requireId("botId", botId), ...(symbol === undefined ? {} : { symbol: requireText("symbol", symbol) }) },
      { orderBy: { id: "asc" }, refresh: true },
    );
    return rows.map(toDryTrade);
  }

  #lock(botId: number, symbol: string): Promise<void> {
    return advisoryLock(this.ctx.db, "tradekit.dry_trades", String(botId), symbol);
  }

  async #row(id: number) {
    const row = await this.ctx.em.findOne(DryTradeEntity, requireId("id", id), { refresh: true });
    if (!row) throw NotFoundError.of("dry trade", id);
    return row;
  }

  // Replays the stream from the last flat fill before `fromId` (a flat position has no lots).
  async #recompute(botId: number, symbol: string, fromId: number, method: PositionMethod = "fifo"): Promise<void> {
    const em = this.ctx.em;
    const flat = await em.findOne(
      DryTradeEntity,
      { bot: botId, symbol, id: { $lt: fromId }, curVolume: ZERO },
      { orderBy: { id: "desc" }, fields: ["id"] },
    );
    const rows = await em.find(
      DryTradeEntity,
      { bot: botId, symbol, id: { $gt: flat?.id ?? 0 } },
      { orderBy: { id: "asc" }, refresh: true },
    );
    const outcomes = replayStream(
      new Position({ symbol, method }),
      rows.map((r) => ({ volume: r.side === "sell" ? r.volume.neg() : r.volume, price: r.price, fee: r.fee })),
    );
    // Fills before `fromId` replay to what they already store; only later ones can change.
    for (const [i, r] of rows.entries()) {
      const outcome = outcomes[i];
      if (outcome && r.id >= fromId) em.assign(r, resultColumns(outcome.result));
    }
    await em.flush();
  }
}
