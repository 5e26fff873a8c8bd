import { Decimal, toDecimal, toNonNegativeDecimal, ValidationError } from "@tradekit/domain";
import { DailyStatisticsEntity } from "../entities/index.js";
import { toDailyStats } from "../mapping/monitoring-mapping.js";
import type { DailyStats, DailyStatsDelta } from "../models/daily-stats.js";
import { requireCount, requireId, storableDecimal } from "../models/input-checks.js";
import { tableKysely } from "../typed-kysely.js";
import { timestampOf } from "./pg-timestamp.js";
import type { RepositoryContext } from "./repository-context.js";

const todayUtc = (): string => new Date().toISOString().slice(0, 10);

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
    const id = requireId("accountId", accountId);
    const date = day === undefined ? todayUtc() : dayOf(day);
    const pnl =
      delta.realizedPnl === undefined
        ? "0"
        : storableDecimal("realizedPnl", toDecimal(delta.realizedPnl, "realizedPnl")).toFixed();
    const fees = delta.fees === undefined ? "0" : storableDecimal("fees", toNonNegativeDecimal(delta.fees, "fees")).toFixed();
    const orders = delta.orders === undefined ? 0 : requireCount("orders", delta.orders);
    const trades = delta.trades === undefined ? 0 : requireCount("trades", delta.trades);
    // The increment is computed by the server (the row's value + excluded's), which the
    // EntityManager's upsert cannot say; the database-named instance takes the values as text.
    const row = await tableKysely(this.ctx.em)
      .insertInto("daily_statistics")
      .values({
        account_id: id,
        day: date,
        realized_pnl: pnl as never,
        fees: fees as never,
        order_count: orders,
        trade_count: trades,
        updated_at: new Date(),
      })
      .onConflict((oc) =>
        oc.columns(["account_id", "day"]).doUpdateSet((eb) => ({
          realized_pnl: eb("daily_statistics.realized_pnl", "+", eb.ref("excluded.realized_pnl")),
          fees: eb("daily_statistics.fees", "+", eb.ref("excluded.fees")),
          order_count: eb("daily_statistics.order_count", "+", eb.ref("excluded.order_count")),
          trade_count: eb("daily_statistics.trade_count", "+", eb.ref("excluded.trade_count")),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .returning(["realized_pnl", "fees", "order_count", "trade_count", "updated_at"])
      .executeTakeFirstOrThrow();
    // The row after the change comes back with the upsert: no second round trip to read it, and
    // its five values are read here rather than hydrated into an entity.
    return toDailyStats(id, date, {
      realizedPnl: new Decimal(row.realized_pnl as unknown as string),
      fees: new Decimal(row.fees as unknown as string),
      orderCount: row.order_count,
      tradeCount: row.trade_count,
      updatedAt: timestampOf(row.updated_at) as Date,
    });
  }

  /** A day's statistics (today UTC by default); all zero when nothing was recorded that day. */
  async get(accountId: number, day?: string): Promise<DailyStats> {
    const id = requireId("accountId", accountId);
    const date = day === undefined ? todayUtc() : dayOf(day);
    const row = await this.ctx.em.findOne(DailyStatisticsEntity, { account: id, day: date }, { refresh: true });
    return toDailyStats(id, date, row);
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
    const id = requireId("accountId", accountId);
    const rows = await this.ctx.em.find(
      DailyStatisticsEntity,
      { account: id, day: { $gte: dayOf(from), $lte: dayOf(to) } },
      { orderBy: { day: "asc" }, refresh: true },
    );
    return rows.map((r) => toDailyStats(id, String(r.day), r));
  }
}
