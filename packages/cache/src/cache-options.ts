import { loadConfig } from "@tradekit/config";
import type { Logger } from "pino";
import { sharedStore } from "./connection-pool.js";
import { KeyLayout } from "./key-layout.js";
import type { CacheStore } from "./store/cache-store.js";

/** How a cache finds its store. Anything not given comes from loadConfig(). */
export interface CacheOptions {
  /** Use this store instead of the process-wide one (tests, a dedicated connection). */
  store?: CacheStore;
  /** Redis URL; null = the process's in-memory store. Default: config `redisUrl` (REDIS_URL). */
  redisUrl?: string | null;
  /** Prefix of every key and channel. Default: config `redis.keyPrefix` ("tradekit:"). */
  keyPrefix?: string;
  /** Per-command timeout in ms. Default: config `redis.commandTimeoutMs` (2000). */
  commandTimeoutMs?: number;
  logger?: Logger;
}

/** The store and key layout a cache runs on. */
export interface CacheContext {
  store: CacheStore;
  keys: KeyLayout;
}

/** Resolves options (falling back to the configuration) to a connected store and key layout. */
export async function openCacheContext(options: CacheOptions = {}): Promise<CacheContext> {
  const needsConfig =
    options.keyPrefix === undefined ||
    (!options.store && (options.redisUrl === undefined || options.commandTimeoutMs === undefined));
  // Read only when needed: a caller giving every option never depends on the environment.
  const config = needsConfig ? loadConfig() : undefined;
  const keyPrefix = options.keyPrefix ?? config?.redis.keyPrefix ?? "tradekit:";
  const store =
    options.store ??
    (await sharedStore(
      options.redisUrl === undefined ? (config?.redisUrl ?? null) : options.redisUrl,
      options.commandTimeoutMs ?? config?.redis.commandTimeoutMs ?? 2_000,
      options.logger,
    ));
  return { store, keys: new KeyLayout(keyPrefix) };
}
