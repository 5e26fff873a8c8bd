import type { Decimal, DecimalInput } from "@tradekit/domain";

/** One run of a bot from start to stop, with its running statistics. */
export interface BotRun {
  readonly id: number;
  readonly botId: number;
  readonly startedAt: Date;
  /** Null while running. */
  readonly endedAt: Date | null;
  /** "running" until stopped; then how it ended ("stopped", "crashed", ...). */
  readonly status: string;
  readonly totalTrades: number;
  readonly totalPnl: Decimal;
  /** Magnitude, >= 0. */
  readonly maxDrawdown: Decimal;
}

/** The statistics of a run so far (absolute values, not increments). */
export interface BotRunStatistics {
  readonly totalTrades: number;
  readonly totalPnl: DecimalInput;
  readonly maxDrawdown: DecimalInput;
}
