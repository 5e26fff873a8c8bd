import type { Decimal } from "@tradekit/domain";
import { type DecimalInput, NotFoundError, Position, type PositionDict, toDecimal, ValidationError } from "@tradekit/domain";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, dateOrNull, decimalOrNull, idOf, idOrNull } from "./row-values.js";

/** A saved Position with its bookkeeping. */
export interface PositionSnapshot {
  id: number;
  position: Position;
  botId: number | null;
  isOpen: boolean;
  openedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** Set by closePosition: the realized PnL the position ended with. */
  finalPnl: Decimal | null;
}

const SELECT = "id, bot_id, state, is_open, opened_at, updated_at, closed_at, final_pnl";

function rowToSnapshot(r: Record<string, unknown>): PositionSnapshot {
  const state = typeof r.state === "string" ? JSON.parse(r.state) : r.state;
  return {
    id: idOf(r.id),
    position: Position.fromDict(state as PositionDict),
    botId: idOrNull(r.bot_id),
    isOpen: Boolean(r.is_open),
    openedAt: dateOf(r.opened_at),
    updatedAt: dateOf(r.updated_at),
    closedAt: dateOrNull(r.closed_at),
    finalPnl: decimalOrNull(r.final_pnl),
  };
}

/**
 * Position snapshots, so a restarted order manager or a reconciliation run continues exactly
 * where the last one stopped. At most one open snapshot per (account, symbol).
 */
export class PositionRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Saves `position` as the open snapshot of its (account, symbol), replacing the previous state.
   * A flat position is saved too (closing is explicit: closePosition).
   */
  async updatePosition(position: Position, options: { botId?: number | null } = {}): Promise<PositionSnapshot> {
    if (position.exId === null) {
      throw ValidationError.invalid("exId", position.exId, "the exchange account id of the position (new Position({ exId }))");
    }
    const rows = await this.ctx.sql.execute(
      `insert into position_snapshots (account_id, bot_id, symbol, method, volume, avg_price, realized_pnl, open_cost, closed_cost,
         state, is_open, opened_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, true, now(), now())
       on conflict (account_id, symbol) where is_open = true do update set
         bot_id = coalesce(excluded.bot_id, position_snapshots.bot_id), method = excluded.method, volume = excluded.volume,
         avg_price = excluded.avg_price, realized_pnl = excluded.realized_pnl, open_cost = excluded.open_cost,
         closed_cost = excluded.closed_cost, state = excluded.state, updated_at = now()
       returning ${SELECT}`,
      [
        position.exId,
        options.botId ?? null,
        position.symbol,
        position.method,
        position.volume.toFixed(),
        position.avgPrice.toFixed(),
        position.realizedPnl.toFixed(),
        position.openCost.toFixed(),
        position.closedCost.toFixed(),
        JSON.stringify(position.toDict()),
      ],
    );
    return rowToSnapshot(rows[0] as Record<string, unknown>);
  }

  /** The open snapshot of `symbol` on account `exId`, or null when there is none. */
  async getPosition(symbol: string, exId: number): Promise<PositionSnapshot | null> {
    const rows = await this.ctx.sql.execute(
      `select ${SELECT} from position_snapshots where account_id = $1 and symbol = $2 and is_open`,
      [exId, symbol],
    );
    return rows[0] ? rowToSnapshot(rows[0]) : null;
  }

  /** Every open snapshot (of account `exId` when given), by symbol. */
  async getOpenPositions(exId?: number): Promise<PositionSnapshot[]> {
    const params = exId === undefined ? [] : [exId];
    const rows = await this.ctx.sql.execute(
      `select ${SELECT} from position_snapshots where is_open ${exId === undefined ? "" : "and account_id = $1"} order by symbol, id`,
      params,
    );
    return rows.map(rowToSnapshot);
  }

  /** Closes open snapshot `id` with the PnL it ended with; NotFoundError unless it is open. */
  async closePosition(id: number, finalPnl: DecimalInput): Promise<PositionSnapshot> {
    const pnl = toDecimal(finalPnl, "finalPnl");
    const rows = await this.ctx.sql.execute(
      `update position_snapshots set is_open = false, closed_at = now(), updated_at = now(), final_pnl = $2
       where id = $1 and is_open returning ${SELECT}`,
      [id, pnl.toFixed()],
    );
    if (!rows[0]) throw NotFoundError.of("open position snapshot", id);
    return rowToSnapshot(rows[0]);
  }

  /** How many snapshots are open (on account `exId` when given). */
  async getOpenPositionCount(exId?: number): Promise<number> {
    const params = exId === undefined ? [] : [exId];
    const [row] = await this.ctx.sql.execute<{ n: number }>(
      `select count(*)::int as n from position_snapshots where is_open ${exId === undefined ? "" : "and account_id = $1"}`,
      params,
    );
    return Number(row?.n ?? 0);
  }
}
