import { ConfigError } from "@tradekit/domain";
import type { DatabaseOptions } from "./database-options.js";

/** DatabaseOptions with the URL settled. */
export interface ResolvedDatabaseOptions extends DatabaseOptions {
  url: string;
}

/**
 * Fills what `options` leaves out from the environment (TRADING_DATABASE_URL, DB_POOL_SIZE,
 * DB_STATEMENT_TIMEOUT_MS, CREDENTIALS_ENCRYPTION_KEY).
 */
export function resolveDatabaseOptions(options: DatabaseOptions): ResolvedDatabaseOptions {
  const env = process.env;
  const url = options.url ?? env.TRADING_DATABASE_URL;
  if (!url) {
    throw new ConfigError([{ variable: "TRADING_DATABASE_URL", message: "not set and no url given to initDatabase({ url })" }]);
  }
  return {
    ...options,
    url,
    poolSize: options.poolSize ?? (env.DB_POOL_SIZE ? Number(env.DB_POOL_SIZE) : 10),
    statementTimeoutMs:
      options.statementTimeoutMs ?? (env.DB_STATEMENT_TIMEOUT_MS ? Number(env.DB_STATEMENT_TIMEOUT_MS) : 30_000),
    credentialsKey: options.credentialsKey === undefined ? parseKey(env.CREDENTIALS_ENCRYPTION_KEY) : options.credentialsKey,
  };
}

function parseKey(text: string | undefined): Buffer | null {
  if (!text) return null;
  return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
}
