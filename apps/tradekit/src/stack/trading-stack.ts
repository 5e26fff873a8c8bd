import { AccountCache, BotCache, type CacheStore, MemoryStore, OrdersCache, RedisStore, TickCache } from "@tradekit/cache";
import { loadConfig, type TradekitConfig } from "@tradekit/config";
import { Database } from "@tradekit/orm";
import { type InitResult, init, openDatabases, type SetupDatabases } from "@tradekit/setup";
import { type CandleStore, timeseriesCandleStore } from "@tradekit/strategy-runner";
import type { Logger } from "pino";

/** The caches of one store: what the runner and the order manager share. */
export interface StackCaches {
  readonly store: CacheStore;
  readonly keyPrefix: string;
  readonly ticks: TickCache;
  readonly orders: OrdersCache;
  readonly bots: BotCache;
  readonly accounts: AccountCache;
}

/** Everything the main job composes on: the databases, the ORM pool, the caches and the candle store. */
export interface TradingStack extends AsyncDisposable {
  readonly config: TradekitConfig;
  readonly databases: SetupDatabases;
  readonly init: InitResult;
  /** The trading database's pool, shared by the order manager and the runner (one connection when embedded). */
  readonly database: Database;
  /** The configured caches: Redis with REDIS_URL, else this process's memory store. */
  readonly caches: StackCaches;
  readonly candles: CandleStore;
  readonly logger: Logger;
  /** Closes the pool and the caches, stops the embedded servers; idempotent. */
  close(): Promise<void>;
}

/** How to open the stack; what is left out comes from the environment. */
export interface StackOptions {
  /** Folder of the embedded databases (default TRADEKIT_DATA_DIR or the XDG state folder). */
  dataDir?: string;
  logger: Logger;
}

/** Opens the caches of `store` under `keyPrefix`. */
export async function openCaches(store: CacheStore, keyPrefix: string): Promise<StackCaches> {
  const options = { store, keyPrefix };
  return {
    store,
    keyPrefix,
    ticks: await TickCache.open(options),
    orders: await OrdersCache.open(options),
    bots: await BotCache.open(options),
    accounts: await AccountCache.open(options),
  };
}

/**
 * Resolves or starts the databases (setup's openDatabases: the configured servers, or two
 * embedded ones in the data folder), brings them up to date with the demo (`init --demo`, as a
 * library call, before this process opens its own pool on them), then opens the ORM pool and the
 * caches. An embedded trading server serves one connection, so the pool is then one connection,
 * which the order manager and the runner share (each opens a context per operation).
 */
export async function openStack(options: StackOptions): Promise<TradingStack> {
  const { logger } = options;
  const config = loadConfig();
  const databases = await openDatabases({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), logger });
  let database: Database | null = null;
  let store: CacheStore | null = null;
  try {
    const initialized = await init(databases, { demo: true, logger });
    database = await Database.connect({
      url: databases.tradingUrl,
      poolSize: databases.trading.embedded ? 1 : config.database.poolSize,
      // A replay's transactions are short; a long statement is a bug, not work.
      statementTimeoutMs: config.database.statementTimeoutMs,
      logger,
    });
    store =
      config.redisUrl === null
        ? new MemoryStore()
        : await RedisStore.connect({ url: config.redisUrl, commandTimeoutMs: config.redis.commandTimeoutMs, logger });
    const caches = await openCaches(store, config.redis.keyPrefix);
    const candles = timeseriesCandleStore({ url: databases.ohlcvUrl });
    let closed = false;
    const pool = database;
    const cacheStore = store;
    const close = async () => {
      if (closed) return;
      closed = true;
      await cacheStore.close().catch((error: unknown) => logger.warn({ err: error }, "closing the cache store failed"));
      await pool.close();
      await databases.stop();
    };
    return {
      config,
      databases,
      init: initialized,
      database: pool,
      caches,
      candles,
      logger,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await store?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    await databases.stop().catch(() => undefined);
    throw error;
  }
}
