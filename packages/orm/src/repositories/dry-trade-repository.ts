import { DryTrade, type DryTradeInput, NotFoundError, Position, type PositionMethod, ValidationError } from "@tradekit/domain";
import { DRY_TRADE_SELECT, rowToDryTrade } from "./dry-trade-row.js";
import type { RepositoryContext } from "./repository-context.js";
import { decimalOf } from "./row-values.js";
import { replayStream } from "./stream-replay.js";
import { RESULT_COLUMNS, resultValues } from "./trade-row.js";

const RESULT_SET = RESULT_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(", ");

/**
 * Paper fills of dry-run bots. A bot's fills of one symbol form a stream replayed through the
 * domain Position in arrival (id) order, so each stored dry trade carries its PnL: roi is the
 * realized PnL when it closes (part of) the position, 0 when it only opens.
 */
export class DryTradeRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Stores a paper fill with its computed result; returns it with id and result. */
  async saveDryTrade(input: DryTrade | DryTradeInput, options: { method?: PositionMethod } = {}): Promise<DryTrade> {
    const dry = input instanceof DryTrade ? input : DryTrade.create(input);
    if (dry.id !== null && dry.id !== undefined) throw ValidationError.invalid("id", dry.id, "null for a new dry trade");
    await this.#lock(dry.botId, dry.symbol);
    const [row] = await this.ctx.sql.execute<{ id: string }>(
      `insert into dry_trades (bot_id, account_id, user_id, catalog_exchange_id, ex_trade_id, ex_order_id, symbol, order_type,
         side, volume, price, cost, fee, fee_currency, leverage, time, reason, closing_trade)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning id`,
      [
        dry.botId,
        dry.exId,
        dry.uid,
        dry.catExId,
        dry.exTradeId,
        dry.exOrderId,
        dry.symbol,
        dry.orderType,
        dry.side,
        dry.volume.toFixed(),
        dry.price.toFixed(),
        dry.cost.toFixed(),
        dry.fee.toFixed(),
        dry.feeCurrency,
        dry.leverage.toFixed(),
        dry.time.toISOString(),
        dry.reason,
        dry.closingTrade,
      ],
    );
    const id = Number(row?.id);
    await this.#recompute(dry.botId, dry.symbol, id, options.method);
    return this.#get(id);
  }

  /** Replaces the stored dry trade `dry.id` and recomputes the later fills of its stream. */
  async updateDryTrade(dry: DryTrade, options: { method?: PositionMethod } = {}): Promise<DryTrade> {
    if (dry.id === null || dry.id === undefined) throw ValidationError.invalid("id", dry.id, "the id of a stored dry trade");
    const before = await this.#get(dry.id);
    await this.#lock(before.botId, before.symbol);
    if (before.symbol !== dry.symbol || before.botId !== dry.botId) await this.#lock(dry.botId, dry.symbol);
    await this.ctx.sql.execute(
      `update dry_trades set bot_id = $2, account_id = $3, symbol = $4, side = $5, volume = $6, price = $7, cost = $8, fee = $9,
         time = $10, reason = $11, closing_trade = $12, ex_order_id = $13 where id = $1`,
      [
        dry.id,
        dry.botId,
        dry.exId,
        dry.symbol,
        dry.side,
        dry.volume.toFixed(),
        dry.price.toFixed(),
        dry.cost.toFixed(),
        dry.fee.toFixed(),
        dry.time.toISOString(),
        dry.reason,
        dry.closingTrade,
        dry.exOrderId,
      ],
    );
    await this.#recompute(before.botId, before.symbol, dry.id, options.method);
    if (before.symbol !== dry.symbol || before.botId !== dry.botId) {
      await this.#recompute(dry.botId, dry.symbol, dry.id, options.method);
    }
    return this.#get(dry.id);
  }

  /** Deletes every dry trade of bot `botId`; returns how many. */
  deleteDryTrades(botId: number): Promise<number> {
    return this.ctx.sql.run("delete from dry_trades where bot_id = $1", [botId]);
  }

  /** The newest dry trade of `botId` on `symbol` (and account `exId` when given), or null when none. */
  async getLastDryTrade(botId: number, symbol: string, exId?: number | null): Promise<DryTrade | null> {
    const params: unknown[] = [botId, symbol];
    let sql = `select ${DRY_TRADE_SELECT} from dry_trades where bot_id = $1 and symbol = $2`;
    if (exId !== undefined && exId !== null) {
      params.push(exId);
      sql += " and account_id = $3";
    }
    const rows = await this.ctx.sql.execute(`${sql} order by id desc limit 1`, params);
    return rows[0] ? rowToDryTrade(rows[0]) : null;
  }

  /** Every dry trade of bot `botId` (on `symbol` when given), in arrival order. */
  async getDryTrades(botId: number, symbol?: string): Promise<DryTrade[]> {
    const params: unknown[] = [botId];
    const bySymbol = symbol === undefined ? "" : " and symbol = $2";
    if (symbol !== undefined) params.push(symbol);
    const rows = await this.ctx.sql.execute(
      `select ${DRY_TRADE_SELECT} from dry_trades where bot_id = $1${bySymbol} order by id`,
      params,
    );
    return rows.map(rowToDryTrade);
  }

  async #lock(botId: number, symbol: string): Promise<void> {
    await this.ctx.sql.execute("select pg_advisory_xact_lock(hashtextextended('tradekit.dry_trades:' || $1 || ':' || $2, 0))", [
      String(botId),
      symbol,
    ]);
  }

  // Replays the stream from the last flat fill before `fromId` (a flat position has no lots).
  async #recompute(botId: number, symbol: string, fromId: number, method: PositionMethod = "fifo"): Promise<void> {
    const rows = await this.ctx.sql.execute(
      `select id, side, volume, price, fee from dry_trades
       where bot_id = $1 and symbol = $2 and id > coalesce((
         select max(id) from dry_trades where bot_id = $1 and symbol = $2 and id < $3 and cur_volume = 0), 0)
       order by id`,
      [botId, symbol, fromId],
    );
    const outcomes = replayStream(
      new Position({ symbol, method }),
      rows.map((r) => {
        const volume = decimalOf(r.volume);
        return { volume: r.side === "sell" ? volume.neg() : volume, price: decimalOf(r.price), fee: decimalOf(r.fee) };
      }),
    );
    // Fills before `fromId` replay to what they already store; only later ones can change.
    for (const [i, r] of rows.entries()) {
      const outcome = outcomes[i];
      if (!outcome || Number(r.id) < fromId) continue;
      await this.ctx.sql.execute(`update dry_trades set ${RESULT_SET} where id = $1`, [
        r.id,
        ...resultValues(outcome.result, outcome.closedVolume),
      ]);
    }
  }

  async #get(id: number): Promise<DryTrade> {
    const rows = await this.ctx.sql.execute(`select ${DRY_TRADE_SELECT} from dry_trades where id = $1`, [id]);
    if (!rows[0]) throw NotFoundError.of("dry trade", id);
    return rowToDryTrade(rows[0]);
  }
}
