/** How serious an event, bot log line or reconciliation issue is, least first. */
export type Severity = "debug" | "info" | "warning" | "error" | "critical";

/** Every severity, least serious first. */
export const SEVERITIES: readonly Severity[] = Object.freeze(["debug", "info", "warning", "error", "critical"]);

/** True when `value` is a Severity. */
export const isSeverity = (value: unknown): value is Severity => SEVERITIES.includes(value as Severity);
