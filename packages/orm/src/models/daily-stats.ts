import type { Decimal, DecimalInput } from "@tradekit/domain";

/** One account's trading day (UTC), for daily loss and order-to-trade limits. */
export interface DailyStats {
  readonly accountId: number;
  /** "YYYY-MM-DD", UTC. */
  readonly day: string;
  readonly realizedPnl: Decimal;
  readonly fees: Decimal;
  readonly orderCount: number;
  readonly tradeCount: number;
  /** orderCount / tradeCount; with no trade yet, orderCount (each order counts as unfilled). */
  readonly orderToTradeRatio: Decimal;
  /** Null for a day nothing was recorded yet (all zero). */
  readonly updatedAt: Date | null;
}

/** Amounts to add to a day's statistics (negative PnL is a loss). */
export interface DailyStatsDelta {
  readonly realizedPnl?: DecimalInput;
  /** >= 0. */
  readonly fees?: DecimalInput;
  /** Whole number >= 0. */
  readonly orders?: number;
  /** Whole number >= 0. */
  readonly trades?: number;
}
