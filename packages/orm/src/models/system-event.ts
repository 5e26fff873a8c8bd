import type { Severity } from "./severity.js";

/** Something operators should know about (risk refusals, disconnects, kill switch, ...). */
export interface SystemEvent {
  readonly id: number;
  readonly time: Date;
  readonly type: string;
  readonly severity: Severity;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>> | null;
  readonly symbol: string | null;
  readonly tradeId: number | null;
}

/** Which events getRecentEvents returns. */
export interface EventQuery {
  /** Exactly these severities. */
  readonly severity?: Severity | readonly Severity[];
  /** This severity or worse. */
  readonly minSeverity?: Severity;
  readonly type?: string;
  /** Default 100, at most 10,000. */
  readonly limit?: number;
}
