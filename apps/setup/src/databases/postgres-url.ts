import { userInfo } from "node:os";
import { maskUrl } from "@tradekit/config";
import { ValidationError } from "@tradekit/domain";

/** A PostgreSQL URL taken apart: where it points, with the password kept only in `url`. */
export interface PostgresTarget {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** The URL with its password masked, for messages and logs. */
  readonly masked: string;
}

// Plain names only: they are quoted into CREATE DATABASE, so no quote, space or dot may pass.
const DATABASE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_$-]*$/;

/** Checks that `name` is a database name setup may quote into SQL; ValidationError naming it otherwise. */
export function checkDatabaseName(name: string, field: string): string {
  if (!DATABASE_NAME.test(name) || Buffer.byteLength(name) > 63) {
    throw ValidationError.invalid(
      field,
      name,
      "a database name of letters, digits, _, $ and - (at most 63 bytes, not starting with $ or -)",
    );
  }
  return name;
}

/** The name quoted as a PostgreSQL identifier (only names checkDatabaseName accepts). */
export function quoteIdentifier(name: string): string {
  return `"${checkDatabaseName(name, "database")}"`;
}

/**
 * Parses and checks a postgres:// URL given through `field` (an environment variable or option
 * name, used in the error). Throws ValidationError for anything that is not a PostgreSQL URL
 * with a database name setup can create.
 */
export function parsePostgresUrl(url: string, field: string): PostgresTarget {
  const expected = "a postgres:// or postgresql:// URL such as postgres://user:password@127.0.0.1:5432/tradekit";
  if (typeof url !== "string" || !URL.canParse(url.trim())) throw ValidationError.invalid(field, maskUrl(String(url)), expected);
  const u = new URL(url.trim());
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") throw ValidationError.invalid(field, maskUrl(url), expected);
  const user = decodeURIComponent(u.username) || process.env.PGUSER || userInfo().username;
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || user;
  checkDatabaseName(database, `${field} (database name)`);
  return {
    url: url.trim(),
    host: u.hostname || "localhost",
    port: u.port ? Number(u.port) : 5432,
    database,
    user,
    masked: maskUrl(url.trim()),
  };
}

/** The URL of database `name` on the same server, with the same user and password. */
export function urlOfDatabase(target: PostgresTarget, name: string): string {
  const u = new URL(target.url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/** "host:port", as messages name a server. */
export const serverOf = (t: PostgresTarget): string => `${t.host}:${t.port}`;
