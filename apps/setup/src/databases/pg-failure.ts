import { ServerUnreachableError } from "../errors.js";
import type { PostgresTarget } from "./postgres-url.js";

const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused (is the server running and listening there?)",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ECONNRESET: "connection reset by the server",
  "28P01": "password authentication failed",
  "28000": "the server refused this user (pg_hba.conf)",
  "53300": "too many connections",
  "57P03": "the server is starting up or crashed",
};

/** The driver error's code (SQLSTATE or Node errno), looking through AggregateError and `cause`. */
export function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = e instanceof AggregateError && e.errors.length > 0 ? e.errors[0] : (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether the error says the database named in the URL does not exist (SQLSTATE 3D000). */
export const isMissingDatabase = (error: unknown): boolean => errorCode(error) === "3D000";

/**
 * The one-line ServerUnreachableError for a failed connection to `target` while doing `tried`
 * ("checking the trading database", ...); `variable` says where the URL came from.
 */
export function unreachable(target: PostgresTarget, tried: string, variable: string, error: unknown): ServerUnreachableError {
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  const reason = (code && REASONS[code]) ?? (/timeout/i.test(raw) ? "timed out" : raw.split("\n")[0]);
  const message =
    `cannot reach PostgreSQL at ${target.host}:${target.port} (database ${JSON.stringify(target.database)}, user ${JSON.stringify(target.user)}, ` +
    `${target.masked}) while ${tried}: ${reason}${code ? ` [${code}]` : ""}; check ${variable} and that the server is running`;
  return new ServerUnreachableError(
    message,
    { host: target.host, port: target.port, database: target.database, user: target.user },
    { cause: error },
  );
}
