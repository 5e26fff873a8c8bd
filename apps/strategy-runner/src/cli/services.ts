import { BotCache, closeCacheConnections, OrdersCache, TickCache } from "@tradekit/cache";
import { loadConfig } from "@tradekit/config";
import { ConfigError } from "@tradekit/domain";
import { closeOhlcvPools } from "@tradekit/ohlcv";
import { closeDatabase, type Database, initDatabase } from "@tradekit/orm";
import type { Logger } from "pino";
import type { RunnerCaches } from "../runner-options.js";

/** What a command of the CLI runs on: the process's database pool and caches, from the configuration. */
export interface CliServices {
  database: Database;
  caches: RunnerCaches;
  close(): Promise<void>;
}

/**
 * Opens the trading database (TRADING_DATABASE_URL) and the caches (REDIS_URL). The embedded
 * database serves one process, so a runner of its own needs a database URL; the main job
 * (`pnpm start`) runs the runner inside its process instead.
 */
export async function openServices(logger: Logger): Promise<CliServices> {
  const config = loadConfig();
  if (config.tradingDatabaseUrl === null)
    throw new ConfigError([
      {
        variable: "TRADING_DATABASE_URL",
        message:
          "not set: a runner in its own process needs the trading database's URL (the embedded database serves only the process that started it; `pnpm start` runs the runner inside it)",
      },
    ]);
  if (config.redisUrl === null)
    logger.warn("REDIS_URL is not set: this process's in-memory cache sees no ticks or order statuses of other processes");
  const database = await initDatabase({ logger });
  const caches = {
    ticks: await TickCache.open({ logger }),
    orders: await OrdersCache.open({ logger }),
    bots: await BotCache.open({ logger }),
  };
  return {
    database,
    caches,
    async close() {
      await closeCacheConnections();
      await closeOhlcvPools();
      await closeDatabase();
    },
  };
}
