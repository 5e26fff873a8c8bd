/** pass, fail, or skip (not applicable, or not checkable because something it needs failed). */
export type CheckStatus = "pass" | "fail" | "skip";

/** One line of `tradekit-setup verify`. */
export interface Check {
  /** Stable id for scripts: "trading.reachable", "trading.schema", ... */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found: a server version, counts, the missing objects. */
  readonly detail: string;
  /** What to run to fix a failure; null when it passed or was skipped. */
  readonly fix: string | null;
  /** True when it failed because a server could not be reached at all (exit code 2). */
  readonly unreachable: boolean;
}

/** A check that passed. */
export const pass = (id: string, title: string, detail: string): Check =>
  Object.freeze({ id, title, status: "pass", detail, fix: null, unreachable: false });

/** A check that failed, with what to run. */
export const fail = (id: string, title: string, detail: string, fix: string, unreachable = false): Check =>
  Object.freeze({ id, title, status: "fail", detail, fix, unreachable });

/** A check that does not apply or could not run. */
export const skip = (id: string, title: string, detail: string): Check =>
  Object.freeze({ id, title, status: "skip", detail, fix: null, unreachable: false });
