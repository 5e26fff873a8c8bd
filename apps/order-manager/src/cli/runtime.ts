import {
  AccountCache,
  BotCache,
  type CacheStore,
  closeCacheConnections,
  OrdersCache,
  sharedStore,
  TickCache,
} from "@tradekit/cache";
import { loadConfig, type TradekitConfig } from "@tradekit/config";
import { TradekitError } from "@tradekit/domain";
import { closeDatabase, type Database, initDatabase } from "@tradekit/orm";
import { type Logger, pino } from "pino";

/** What a CLI command runs on: the configuration, the pool and the caches of this process. */
export interface Runtime {
  config: TradekitConfig;
  database: Database;
  store: CacheStore;
  orders: OrdersCache;
  ticks: TickCache;
  accounts: AccountCache;
  botCache: BotCache;
  logger: Logger;
  close(): Promise<void>;
}

/** Opens the database pool and the caches from the environment (TRADING_DATABASE_URL, REDIS_URL, ...). */
export async function openRuntime(options: { logLevel?: string } = {}): Promise<Runtime> {
  const config = loadConfig();
  const logger = pino({ name: "order-manager", level: options.logLevel ?? config.logLevel });
  if (config.tradingDatabaseUrl === null)
    throw new TradekitError(
      "NO_DATABASE_URL",
      "TRADING_DATABASE_URL is not set: the standalone order manager needs a PostgreSQL server. " +
        "The embedded database is run by the main job (pnpm start), which composes the order manager in its own process.",
    );
  const database = await initDatabase({ url: config.tradingDatabaseUrl, poolSize: config.database.poolSize, logger });
  if (config.redisUrl === null)
    logger.warn("REDIS_URL is not set: using an in-memory store, so only this process sees the request stream");
  const store = await sharedStore(config.redisUrl, config.redis.commandTimeoutMs, logger);
  const cacheOptions = { store, keyPrefix: config.redis.keyPrefix };
  return {
    config,
    database,
    store,
    orders: await OrdersCache.open(cacheOptions),
    ticks: await TickCache.open(cacheOptions),
    accounts: await AccountCache.open(cacheOptions),
    botCache: await BotCache.open(cacheOptions),
    logger,
    async close() {
      await closeCacheConnections();
      await closeDatabase();
    },
  };
}
