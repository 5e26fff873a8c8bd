/** Stable codes of {@link EmbeddedDatabaseError}; a program may branch on them. */
export type EmbeddedDatabaseErrorCode =
  | "DATA_DIR_LOCKED"
  | "PORT_IN_USE"
  | "START_FAILED"
  | "TIMESCALE_UNAVAILABLE"
  | "STOP_FAILED";

/**
 * Why the embedded database could not start or stop. It mirrors tradekit's typed errors (a stable
 * `code`, the offending value in the message, the driver error as `cause`) without depending on
 * @tradekit/domain: this package depends on nothing of ours (DESIGN.md §2).
 */
export class EmbeddedDatabaseError extends Error {
  readonly code: EmbeddedDatabaseErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: EmbeddedDatabaseErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "EmbeddedDatabaseError";
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }
}
