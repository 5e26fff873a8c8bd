import { Decimal, toDecimal, toNonNegativeDecimal, ValidationError } from "@tradekit/domain";
import type { DailyStats, DailyStatsDelta } from "../models/daily-stats.js";
import { requireCount, requireId } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOrNull, decimalOf, idOf } from "./row-values.js";

const TODAY = "(now() at time zone 'utc')::date";
const COLUMNS = "account_id, day::text as day, realized_pnl, fees, order_count, trade_count, updated_at";

const ratio = (orders: number, trades: number): Decimal => new Decimal(orders).div(Math.max(trades, 1));

const toStats = (r: Record<string, unknown>): DailyStats => {
  const orderCount = Number(r.order_count);
  const tradeCount = Number(r.trade_count);
  return Object.freeze({
    accountId: idOf(r.account_id),
    day: String(r.day),
    realizedPnl: decimalOf(r.realized_pnl),
    fees: decimalOf(r.fees),
    orderCount,
    tradeCount,
    orderToTradeRatio: ratio(orderCount, tradeCount),
    updatedAt: dateOrNull(r.updated_at),
  });
};

function dayOf(value: unknown): string {
  if (
    typeof value === "string" &&
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  ) {
    return value;
  }
  throw ValidationError.invalid("day", value, 'a UTC calendar day "YYYY-MM-DD"');
}

/** Per-account trading days (UTC): realized PnL, fees, order and trade counts for daily limits. */
export class DailyStatsRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Adds `delta` to a day's statistics (today UTC by default) in one atomic upsert, so
   * concurrent writers never lose an increment. Returns the day after the change.
   */
  async update(accountId: number, delta: DailyStatsDelta, day?: string): Promise<DailyStats> {
    const pnl = delta.realizedPnl === undefined ? "0" : toDecimal(delta.realizedPnl, "realizedPnl").toFixed();
    const fees = delta.fees === undefined ? "0" : toNonNegativeDecimal(delta.fees, "fees").toFixed();
    const orders = delta.orders === undefined ? 0 : requireCount("orders", delta.orders);
    const trades = delta.trades === undefined ? 0 : requireCount("trades", delta.trades);
    const rows = await this.ctx.sql.execute(
      `insert into daily_statistics (account_id, day, realized_pnl, fees, order_count, trade_count, updated_at)
       values ($1, coalesce($2::date, ${TODAY}), $3, $4, $5, $6, now())
       on conflict (account_id, day) do update set realized_pnl = daily_statistics.realized_pnl + excluded.realized_pnl,
         fees = daily_statistics.fees + excluded.fees, order_count = daily_statistics.order_count + excluded.order_count,
         trade_count = daily_statistics.trade_count + excluded.trade_count, updated_at = now()
       returning ${COLUMNS}`,
      [requireId("accountId", accountId), day === undefined ? null : dayOf(day), pnl, fees, orders, trades],
    );
    return toStats(rows[0] as Record<string, unknown>);
  }

  /** A day's statistics (today UTC by default); all zero when nothing was recorded that day. */
  async get(accountId: number, day?: string): Promise<DailyStats> {
    const rows = await this.ctx.sql.execute(
      `select ${COLUMNS} from daily_statistics where account_id = $1 and day = coalesce($2::date, ${TODAY})`,
      [requireId("accountId", accountId), day === undefined ? null : dayOf(day)],
    );
    if (rows[0]) return toStats(rows[0]);
    const [today] = await this.ctx.sql.execute<{ day: string }>(`select coalesce($1::date, ${TODAY})::text as day`, [
      day ?? null,
    ]);
    return toStats({
      account_id: accountId,
      day: today?.day,
      realized_pnl: "0",
      fees: "0",
      order_count: 0,
      trade_count: 0,
      updated_at: null,
    });
  }

  /** Today's statistics (UTC); all zero before anything is recorded. */
  getToday(accountId: number): Promise<DailyStats> {
    return this.get(accountId);
  }

  /** Today's realized PnL (UTC). */
  async getTodayPnl(accountId: number): Promise<Decimal> {
    return (await this.get(accountId)).realizedPnl;
  }

  /** Orders placed today (UTC). */
  async getOrderCount(accountId: number): Promise<number> {
    return (await this.get(accountId)).orderCount;
  }

  /** Fills received today (UTC). */
  async getTradeCount(accountId: number): Promise<number> {
    return (await this.get(accountId)).tradeCount;
  }

  /** Today's orders per fill (orders alone while nothing filled). */
  async getOrderToTradeRatio(accountId: number): Promise<Decimal> {
    return (await this.get(accountId)).orderToTradeRatio;
  }

  /** The recorded days of an account within [from, to] (inclusive), oldest first. */
  async getRange(accountId: number, from: string, to: string): Promise<DailyStats[]> {
    const rows = await this.ctx.sql.execute(
      `select ${COLUMNS} from daily_statistics where account_id = $1 and day between $2::date and $3::date order by day`,
      [requireId("accountId", accountId), dayOf(from), dayOf(to)],
    );
    return rows.map(toStats);
  }
}
