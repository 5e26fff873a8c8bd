/** One step of init or migrate, as printed: what it is, whether it changed anything, and in words what. */
export interface StepResult {
  readonly step: string;
  readonly changed: boolean;
  /** "created database tradekit on 127.0.0.1:5432", "already up to date", ... */
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What every step says when it had nothing to do. */
export const UP_TO_DATE = "already up to date";

/** A step result, frozen. */
export const step = (name: string, changed: boolean, message: string, details?: Record<string, unknown>): StepResult =>
  Object.freeze({ step: name, changed, message, ...(details ? { details: Object.freeze(details) } : {}) });
