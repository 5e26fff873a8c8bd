import type { LookupCache } from "@tradekit/domain";
import { CacheUnavailableError } from "@tradekit/domain";
import pino, { type Logger } from "pino";

let defaultLogger: Logger | undefined;
const fallbackLogger = (): Logger => {
  defaultLogger ??= pino({ name: "@tradekit/cache", level: process.env.LOG_LEVEL ?? "info" });
  return defaultLogger;
};

/**
 * The cached value of `key`, or `load()`'s, which is then cached for `ttlSeconds`. When the
 * cache is unavailable the lookup still answers from `load()` and logs a warning: a cache
 * outage slows lookups down, it does not fail them. Other errors propagate.
 */
export async function readThrough<T>(
  cache: LookupCache,
  key: string,
  ttlSeconds: number,
  load: () => Promise<T>,
  options: { logger?: Logger } = {},
): Promise<T> {
  const logger = options.logger ?? fallbackLogger();
  try {
    const cached = await cache.get(key);
    if (cached !== undefined) return cached as T;
  } catch (error) {
    if (!(error instanceof CacheUnavailableError)) throw error;
    logger.warn({ err: error, key }, "lookup cache unavailable; reading from the source");
    return load();
  }
  const value = await load();
  if (value === undefined) return value;
  try {
    await cache.set(key, value, ttlSeconds);
  } catch (error) {
    if (!(error instanceof CacheUnavailableError)) throw error;
    logger.warn({ err: error, key }, "lookup cache unavailable; value not cached");
  }
  return value;
}
