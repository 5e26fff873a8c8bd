/** Base of every tradekit error: a stable `code` a program can branch on, and a message for people. */
export class TradekitError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }
}

const show = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value === undefined || value === null || typeof value !== "object") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
};

/** Input that breaks a rule: names the field, the offending value and what was expected. */
export class ValidationError extends TradekitError {
  readonly field: string | undefined;
  readonly value: unknown;
  /** Index of the offending row when the error comes from a batch. */
  readonly row: number | undefined;

  constructor(message: string, options: { field?: string; value?: unknown; row?: number; cause?: unknown; code?: string } = {}) {
    super(options.code ?? "VALIDATION_FAILED", message, {
      cause: options.cause,
      details: { field: options.field, value: options.value, row: options.row },
    });
    this.field = options.field;
    this.value = options.value;
    this.row = options.row;
  }

  /** `field` got `value`, but `expected` was required. */
  static invalid(field: string, value: unknown, expected: string): ValidationError {
    return new ValidationError(`${field} must be ${expected}; got ${show(value)}`, { field, value });
  }

  /** Wraps the error of row `row` of a batch: nothing of the batch was written. */
  static inRow(row: number, error: unknown, what = "row"): ValidationError {
    const inner = error instanceof Error ? error.message : String(error);
    const field = error instanceof ValidationError ? error.field : undefined;
    const value = error instanceof ValidationError ? error.value : undefined;
    return new ValidationError(`${what} ${row} is invalid, nothing was written: ${inner}`, { field, value, row, cause: error });
  }
}

/** An order status change that the status machine (DESIGN.md §6) does not allow. */
export class InvalidOrderTransition extends TradekitError {
  constructor(
    readonly from: string,
    readonly event: string,
    message = `an order in status ${show(from)} cannot take event ${show(event)}`,
  ) {
    super("INVALID_ORDER_TRANSITION", message, { details: { from, event } });
  }
}

/** A row looked up by key does not exist. */
export class NotFoundError extends TradekitError {
  constructor(
    readonly entity: string,
    readonly key: unknown,
  ) {
    super("NOT_FOUND", `${entity} ${show(key)} not found`, { details: { entity, key } });
  }

  static of(entity: string, key: unknown): NotFoundError {
    return new NotFoundError(entity, key);
  }
}

/** A unique thing (client order id, venue trade id, ...) already exists. */
export class DuplicateError extends TradekitError {
  constructor(
    readonly entity: string,
    readonly key: unknown,
    options: { cause?: unknown } = {},
  ) {
    super("DUPLICATE", `${entity} ${show(key)} already exists`, { cause: options.cause, details: { entity, key } });
  }
}

/** The database refused a write for a constraint; `cause` is the driver error. */
export class ConstraintViolation extends TradekitError {
  constructor(
    message: string,
    readonly constraint: string | undefined,
    options: { cause?: unknown } = {},
  ) {
    super("CONSTRAINT_VIOLATION", message, { cause: options.cause, details: { constraint } });
  }
}

/** The database could not be reached or answered with a connection-level failure. */
export class DatabaseUnavailableError extends TradekitError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("DATABASE_UNAVAILABLE", message, { cause: options.cause });
  }
}

/**
 * The database cancelled a statement that ran past its time limit (PostgreSQL's statement_timeout,
 * SQLSTATE 57014). Nothing of the statement's transaction was written; retry with a smaller
 * batch, or raise the limit.
 */
export class DatabaseTimeoutError extends TradekitError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("DATABASE_TIMEOUT", message, { cause: options.cause });
  }
}

/** Redis (or the configured cache store) could not be reached in time. */
export class CacheUnavailableError extends TradekitError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("CACHE_UNAVAILABLE", message, { cause: options.cause });
  }
}

/** Configuration is invalid; `issues` lists every problem, each naming its variable. */
export class ConfigError extends TradekitError {
  constructor(readonly issues: readonly { variable: string; message: string }[]) {
    super(
      "CONFIG_INVALID",
      `invalid configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${issues
        .map((i) => `  - ${i.variable}: ${i.message}`)
        .join("\n")}`,
      { details: { issues } },
    );
  }
}
