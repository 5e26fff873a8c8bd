import { closeCacheConnections, sharedStore, TickCache } from "@tradekit/cache";
import { loadConfig } from "@tradekit/config";
import { ConfigError } from "@tradekit/domain";
import { closeOhlcvPools } from "@tradekit/ohlcv";
import type { Logger } from "pino";
import { type FeedOptions, type FeedResult, runFeed } from "./live-feed.js";

/**
 * The feed as its own process: the candle store from OHLCV_DATABASE_URL (or TRADING_DATABASE_URL)
 * and TickCache on REDIS_URL, both required, since its readers are other processes (an embedded
 * database and the in-memory cache serve only the process that opened them).
 */
export async function feedFromEnvironment(options: FeedOptions, logger: Logger): Promise<FeedResult> {
  const config = loadConfig();
  const ohlcvUrl = config.ohlcvDatabaseUrl ?? config.tradingDatabaseUrl;
  const issues = [
    ...(ohlcvUrl === null
      ? [
          {
            variable: "OHLCV_DATABASE_URL",
            message: "not set (nor TRADING_DATABASE_URL): the feed stores its candles where other processes read them",
          },
        ]
      : []),
    ...(config.redisUrl === null
      ? [
          {
            variable: "REDIS_URL",
            message: "not set: the feed publishes its ticks through Redis to the runner and order manager processes",
          },
        ]
      : []),
  ];
  if (issues.length > 0) throw new ConfigError(issues);
  const store = await sharedStore(config.redisUrl, config.redis.commandTimeoutMs, logger);
  try {
    const ticks = await TickCache.open({ store, keyPrefix: config.redis.keyPrefix });
    return await runFeed({ ohlcvUrl: ohlcvUrl as string, ticks, logger }, options);
  } finally {
    await closeCacheConnections();
    await closeOhlcvPools();
  }
}
