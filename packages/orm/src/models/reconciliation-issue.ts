import type { Severity } from "./severity.js";

/** A difference found between the venue and the database, open until someone resolves it. */
export interface ReconciliationIssue {
  readonly id: number;
  readonly time: Date;
  readonly accountId: number | null;
  readonly symbol: string | null;
  /** e.g. "position_mismatch", "missing_fill". */
  readonly issueType: string;
  readonly severity: Severity;
  readonly description: string;
  /** What the database says (JSON). */
  readonly expected: unknown;
  /** What the venue says (JSON). */
  readonly actual: unknown;
  readonly resolved: boolean;
  readonly resolvedAt: Date | null;
  readonly resolution: string | null;
}

/** What logging an issue takes. */
export interface ReconciliationIssueInput {
  readonly accountId?: number | null;
  readonly symbol?: string | null;
  readonly issueType: string;
  readonly severity: Severity;
  readonly description: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
}
