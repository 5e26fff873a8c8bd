import {
  ConstraintViolation,
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  DuplicateError,
  TradekitError,
  ValidationError,
} from "@tradekit/domain";

/** What a unique constraint protects, for DuplicateError's entity and key. */
export interface DuplicateHint {
  entity: string;
  key: unknown;
}

interface DriverLike {
  code?: unknown;
  constraint?: unknown;
  detail?: unknown;
  message?: unknown;
  cause?: unknown;
}

// SQLSTATE classes: 08 connection exception, 57P0x server shutting down/admin, 53 insufficient resources.
const UNAVAILABLE_STATES = /^(08|53|57P0[1-3])/;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "EPIPE", "EAI_AGAIN"]);

function driverError(error: unknown): DriverLike | null {
  let e: unknown = error;
  // MikroORM wraps pg errors (copying their fields); some paths nest them in `cause`.
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const d = e as DriverLike;
    if (typeof d.code === "string") return d;
    if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
    else e = d.cause;
  }
  return null;
}

// SQLSTATE of values the server refused (class 22, data exception): what each means for a caller.
const BAD_VALUE_STATES: Readonly<Record<string, string>> = {
  "22001": "a text value is longer than its column allows (255 characters for names and ids)",
  "22021": "a text value contains a byte sequence PostgreSQL cannot store (a NUL character)",
  "22P02": "a value does not have the form its column needs (an id that is not a number)",
  "22003": "a number is out of the range its column can hold",
  "22007": "a date or time value is not valid",
  "22008": "a date or time value is out of range",
};

function isConnectionFailure(error: unknown, code: string | undefined): boolean {
  if (code && (UNAVAILABLE_STATES.test(code) || NETWORK_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection is closed/i.test(
    message,
  );
}

/**
 * Turns a driver or MikroORM error into the typed error a caller can branch on: unique violations
 * become DuplicateError (with `hint` naming what was duplicated), other constraint violations
 * ConstraintViolation, values the server refused (too long, NUL, not a number, out of range)
 * ValidationError, a statement timeout DatabaseTimeoutError, lost or refused connections
 * DatabaseUnavailableError; the original error is
 * kept as `cause`. Tradekit errors pass through unchanged; anything else is returned as is.
 */
export function mapDatabaseError(error: unknown, hint?: DuplicateHint): unknown {
  if (error instanceof TradekitError) return error;
  const d = driverError(error);
  const code = typeof d?.code === "string" ? d.code : undefined;
  const constraint = typeof d?.constraint === "string" ? d.constraint : undefined;
  const detail = typeof d?.detail === "string" ? ` (${d.detail})` : "";
  if (code === "23505") {
    return new DuplicateError(hint?.entity ?? constraint ?? "row", hint?.key ?? detail.trim(), { cause: error });
  }
  if (code?.startsWith("23")) {
    const what = constraint ?? (error instanceof Error ? error.message : code);
    return new ConstraintViolation(
      `the database refused the write: ${what} violated${detail}; fix the offending value and retry`,
      constraint,
      { cause: error },
    );
  }
  const badValue = code === undefined ? undefined : BAD_VALUE_STATES[code];
  if (badValue) {
    const message = error instanceof Error ? error.message : String(error);
    return new ValidationError(`the database refused a value: ${badValue} (${message}); fix the value and retry`, {
      cause: error,
      code: "INVALID_VALUE",
    });
  }
  if (code === "57014") {
    return new DatabaseTimeoutError(
      "the database cancelled a statement that ran past the statement timeout (DB_STATEMENT_TIMEOUT_MS / statementTimeoutMs); " +
        "nothing of this transaction is committed: retry, narrow the work, or raise the timeout",
      { cause: error },
    );
  }
  if (code === "3D000") {
    const message = error instanceof Error ? error.message : String(error);
    return new DatabaseUnavailableError(
      `the trading database does not exist (${message}); create it first (tradekit setup's init creates it), then migrate`,
      { cause: error },
    );
  }
  if (isConnectionFailure(error, code)) {
    const message = error instanceof Error ? error.message : String(error);
    return new DatabaseUnavailableError(
      `the trading database is not reachable (${message}); check TRADING_DATABASE_URL and that PostgreSQL is running`,
      { cause: error },
    );
  }
  return error;
}

/** Runs `fn`, rethrowing any failure through mapDatabaseError. */
export async function mapErrors<T>(fn: () => Promise<T>, hint?: DuplicateHint): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapDatabaseError(error, hint);
  }
}
