import { CacheUnavailableError, type LookupCache } from "@tradekit/domain";
import pino, { type Logger } from "pino";

/** How long a cached symbol or exchange lookup lives (DESIGN: 24 h, invalidated on every write). */
export const LOOKUP_TTL_SECONDS = 24 * 60 * 60;

// The key prefix carries a format version: a model change bumps it so old JSON is never revived.
const PREFIX = "orm:v1:";

let defaultLogger: Logger | undefined;
const fallbackLogger = (): Logger => {
  defaultLogger ??= pino({ name: "@tradekit/orm", level: process.env.LOG_LEVEL ?? "info" });
  return defaultLogger;
};

/** How a cached model goes to JSON and comes back. */
export interface LookupCodec<T> {
  toJson(value: T): unknown;
  /** Throws when `json` is not a value this version wrote (the lookup then reads the database). */
  fromJson(json: unknown): T;
}

/**
 * One DatabaseContext's view of the LookupCache port (read-through for symbols and exchanges).
 *
 * Invalidation order: a write deletes its keys at once AND again after the context commits.
 * The first delete stops this process serving the old value while the transaction runs; the
 * second removes what a concurrent reader may have cached from the pre-commit row in between.
 * Once this context has written a cached row, its own lookups bypass the cache (neither read
 * nor fill), so uncommitted data never reaches the cache. What remains is the usual cache-aside
 * race: a reader that loaded the old row before the commit and stores it after the post-commit
 * delete. That needs its read->set span to straddle our commit; the entry then lives until the
 * next write or the TTL. A cache outage never fails a lookup or a write: it is logged.
 */
export class LookupCacheScope {
  readonly #cache: LookupCache | null;
  readonly #logger: Logger | undefined;
  readonly #written = new Set<string>();

  constructor(cache: LookupCache | null, logger?: Logger) {
    this.#cache = cache;
    this.#logger = logger;
  }

  get #log(): Logger {
    return this.#logger ?? fallbackLogger();
  }

  /** The cached value of `key`, or `load()`'s (then cached); a cache outage falls back to `load()`. */
  async readThrough<T>(key: string, codec: LookupCodec<T>, load: () => Promise<T>): Promise<T> {
    const cache = this.#cache;
    if (!cache || this.#written.size > 0) return load();
    const full = PREFIX + key;
    let cached: unknown;
    try {
      cached = await cache.get(full);
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error;
      this.#log.warn({ err: error, key: full }, "lookup cache unavailable; reading from the database");
      return load();
    }
    if (cached !== undefined) {
      try {
        return codec.fromJson(cached);
      } catch (error) {
        this.#log.warn({ err: error, key: full }, "unreadable cached lookup; reading from the database");
      }
    }
    const value = await load();
    try {
      await cache.set(full, codec.toJson(value), LOOKUP_TTL_SECONDS);
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error;
      this.#log.warn({ err: error, key: full }, "lookup cache unavailable; value not cached");
    }
    return value;
  }

  /** Drops `keys` now and again after commit; until then this context reads around the cache. */
  async invalidate(...keys: string[]): Promise<void> {
    const full = keys.map((k) => PREFIX + k);
    for (const k of full) this.#written.add(k);
    if (this.#cache) await this.#delete(full, "write");
  }

  /** Called by DatabaseContext once its transaction committed: the second delete. Never throws. */
  async afterCommit(): Promise<void> {
    const keys = [...this.#written];
    this.#written.clear();
    if (!this.#cache || keys.length === 0) return;
    try {
      await this.#delete(keys, "commit");
    } catch (error) {
      // The commit is done; failing here would make the caller retry a write that succeeded.
      this.#log.error({ err: error, keys }, "lookup cache invalidation after commit failed; entries may be stale until the TTL");
    }
  }

  async #delete(keys: string[], when: "write" | "commit"): Promise<void> {
    try {
      await this.#cache?.delete(...keys);
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error;
      this.#log.warn(
        { err: error, keys, when },
        "lookup cache unavailable; could not invalidate (entries already cached may be served until the TTL)",
      );
    }
  }
}

/** The cache keys of symbol and exchange lookups (under the scope's versioned prefix). */
export const lookupKeys = {
  exchangeById: (id: number) => `exchange:id:${id}`,
  exchangeByName: (name: string) => `exchange:name:${name}`,
  symbolById: (id: number) => `symbol:id:${id}`,
  symbolByName: (catalogExchangeId: number, symbol: string) => `symbol:ex:${catalogExchangeId}:${symbol}`,
  symbolsOfExchange: (catalogExchangeId: number) => `symbols:ex:${catalogExchangeId}`,
};
