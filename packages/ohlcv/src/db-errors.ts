import {
  ConstraintViolation,
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  DuplicateError,
  TradekitError,
  ValidationError,
} from "@tradekit/domain";

interface PgError extends Error {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  where?: string;
}

// "COPY ohlcv_candles, line 5, column high: ..." — where a COPY's data error happened.
const COPY_WHERE = /line (\d+)(?:, column (\w+))?/;

/**
 * A data error (SQLSTATE class 22: a value the column type refuses) as a ValidationError naming
 * the column and, for a COPY, the row. The package validates what it writes before any I/O, so
 * this is the backstop for anything that check did not foresee.
 */
function dataError(e: PgError, what: string): ValidationError {
  const at = COPY_WHERE.exec(e.where ?? "");
  const field = e.column ?? at?.[2];
  const row = at ? Number(at[1]) - 1 : undefined;
  const where = `${row === undefined ? "" : `row ${row}: `}${field === undefined ? "" : `${field}: `}`;
  return new ValidationError(`${what} was refused by the database: ${where}${e.message} (SQLSTATE ${e.code})`, {
    field,
    row,
    cause: e,
  });
}

/** Turns a driver error into a typed tradekit error (typed errors pass through unchanged). */
export function toTypedError(error: unknown, what: string): Error {
  if (error instanceof TradekitError) return error;
  const e = error as PgError;
  const code = e?.code ?? "";
  if (code === "23505") return new DuplicateError(what, e.detail ?? e.constraint ?? "row", { cause: error });
  if (code.startsWith("23")) {
    return new ConstraintViolation(`${what} was refused by constraint ${e.constraint}: ${e.detail ?? e.message}`, e.constraint, {
      cause: error,
    });
  }
  if (code.startsWith("22")) return dataError(e, what);
  if (code === "57014") {
    return new DatabaseTimeoutError(
      `${what} timed out: the database cancelled it (${e.message}); nothing of it was written. ` +
        "Retry with a smaller batch, or raise the server's statement_timeout.",
      { cause: error },
    );
  }
  if (code.startsWith("08") || code === "57P01" || /ECONNREFUSED|ECONNRESET|terminated|timeout/i.test(e?.message ?? "")) {
    return new DatabaseUnavailableError(`the OHLCV database failed during ${what}: ${e.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
