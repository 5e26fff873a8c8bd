/**
 * The port through which repositories cache lookups (symbols, exchanges) without depending on
 * Redis: @tradekit/cache provides a Redis and a memory implementation, the apps wire one in.
 * Values are JSON-safe. An implementation throws CacheUnavailableError when its store is down;
 * the caller decides whether to fall back.
 */
export interface LookupCache {
  /** The cached JSON value of `key`, or undefined when absent or expired. */
  get(key: string): Promise<unknown>;
  /** Stores `value` under `key` for `ttlSeconds`. */
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Removes the keys (those absent are ignored). */
  delete(...keys: string[]): Promise<void>;
}
