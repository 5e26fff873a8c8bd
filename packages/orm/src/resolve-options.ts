import { loadConfig, type TradekitConfig } from "@tradekit/config";
import { ConfigError } from "@tradekit/domain";
import type { DatabaseOptions } from "./database-options.js";

/** DatabaseOptions with the URL settled. */
export interface ResolvedDatabaseOptions extends DatabaseOptions {
  url: string;
}

/**
 * Fills what `options` leaves out from @tradekit/config (TRADING_DATABASE_URL, DB_POOL_SIZE,
 * DB_STATEMENT_TIMEOUT_MS, CREDENTIALS_ENCRYPTION_KEY); the configuration is read only when
 * something is missing, so explicit options (tests, tools) never depend on the environment.
 */
export function resolveDatabaseOptions(options: DatabaseOptions): ResolvedDatabaseOptions {
  const complete =
    options.url !== undefined &&
    options.poolSize !== undefined &&
    options.statementTimeoutMs !== undefined &&
    options.credentialsKey !== undefined;
  const config: TradekitConfig | null = complete ? null : loadConfig();
  const url = options.url ?? config?.tradingDatabaseUrl;
  if (!url) {
    throw new ConfigError([
      {
        variable: "TRADING_DATABASE_URL",
        message:
          "not set and no url given to initDatabase({ url }); for the embedded database pass the URL @tradekit/embedded-db serves",
      },
    ]);
  }
  return {
    ...options,
    url,
    poolSize: options.poolSize ?? config?.database.poolSize ?? 10,
    statementTimeoutMs: options.statementTimeoutMs ?? config?.database.statementTimeoutMs ?? 30_000,
    credentialsKey: options.credentialsKey === undefined ? (config?.credentialsKey ?? null) : options.credentialsKey,
  };
}
