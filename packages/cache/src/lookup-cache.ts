import type { LookupCache } from "@tradekit/domain";
import { ValidationError } from "@tradekit/domain";
import { type CacheContext, type CacheOptions, openCacheContext } from "./cache-options.js";
import { parseStored } from "./codec.js";
import { KeyLayout } from "./key-layout.js";
import { MemoryStore } from "./store/memory-store.js";

/**
 * The port's key as a key segment. Callers' keys are opaque and may hold whitespace (the ORM's
 * carry exchange and symbol names, which may contain spaces), which KeyLayout refuses in a
 * segment. Whitespace and `%` are percent-encoded as in a URI (decodeURIComponent reverses it), so
 * distinct keys stay distinct, and a key with neither is stored as it is.
 */
const storedKey = (key: string): string => key.replace(/[%\s]/g, encodeURIComponent);

/** The LookupCache port of @tradekit/domain on a cache store: JSON values under `lookup:`. */
export class StoreLookupCache implements LookupCache {
  constructor(readonly context: CacheContext) {}

  /** The cached value, or undefined when absent or expired. */
  async get(key: string): Promise<unknown> {
    const full = this.context.keys.lookup(storedKey(key));
    const text = await this.context.store.get(full);
    return text === null ? undefined : parseStored<unknown>(text, full);
  }

  /** Stores `value` (JSON-safe) for `ttlSeconds`. */
  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0)
      throw ValidationError.invalid("ttlSeconds", ttlSeconds, "a positive number of seconds");
    const text = JSON.stringify(value);
    if (text === undefined) throw ValidationError.invalid("value", value, "a JSON-safe value");
    await this.context.store.exec([
      { op: "set", key: this.context.keys.lookup(storedKey(key)), value: text, ttlMs: ttlSeconds * 1000 },
    ]);
  }

  /** Removes the keys; absent ones are ignored. */
  async delete(...keys: string[]): Promise<void> {
    await this.context.store.exec([{ op: "del", keys: keys.map((k) => this.context.keys.lookup(storedKey(k))) }]);
  }
}

/** The lookup cache on Redis (the process-wide connection, or `options.store`). */
export class RedisLookupCache extends StoreLookupCache {
  /** Opens it; `options` fall back to the configuration like every cache. */
  static async open(options: CacheOptions = {}): Promise<RedisLookupCache> {
    return new RedisLookupCache(await openCacheContext(options));
  }
}

/** The lookup cache of one process, in memory: for tests and the embedded mode. */
export class MemoryLookupCache extends StoreLookupCache {
  constructor(options: { store?: MemoryStore; keyPrefix?: string } = {}) {
    super({ store: options.store ?? new MemoryStore(), keys: new KeyLayout(options.keyPrefix ?? "") });
  }
}
