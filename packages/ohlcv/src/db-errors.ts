import { ConstraintViolation, DatabaseUnavailableError, DuplicateError, TradekitError } from "@tradekit/domain";

interface PgError extends Error {
  code?: string;
  constraint?: string;
  detail?: string;
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
  if (code.startsWith("08") || code === "57P01" || /ECONNREFUSED|ECONNRESET|terminated|timeout/i.test(e?.message ?? "")) {
    return new DatabaseUnavailableError(`the OHLCV database failed during ${what}: ${e.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
