import type { LookupCache } from "@tradekit/domain";
import type { Logger } from "pino";

/** How to reach and size the trading database; anything left out comes from @tradekit/config. */
export interface DatabaseOptions {
  /** postgres://user:pass@host:port/db */
  url?: string;
  /** Connections in the pool (DB_POOL_SIZE, default 10). */
  poolSize?: number;
  /** Server-side statement timeout in ms (DB_STATEMENT_TIMEOUT_MS, default 30000). */
  statementTimeoutMs?: number;
  /** How long to wait for a connection before DatabaseUnavailableError (default 5000 ms). */
  connectTimeoutMs?: number;
  /** 32-byte AES-256-GCM key for exchange credentials (CREDENTIALS_ENCRYPTION_KEY). */
  credentialsKey?: Buffer | null;
  /** Where the package logs (migrations, pool errors); never receives secrets. */
  logger?: Logger;
  /** Read-through cache for symbol and exchange lookups (24 h TTL); none = always the database. */
  lookupCache?: LookupCache | null;
}
