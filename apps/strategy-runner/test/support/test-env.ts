import { BotCache, OrdersCache, RedisStore, TickCache } from "@tradekit/cache";
import { closeOhlcvPools } from "@tradekit/ohlcv";
import { Database } from "@tradekit/orm";
import { createTestDatabase, redisUrl, type TestDatabase, testKeyPrefix } from "@tradekit/test-services";
import { pino } from "pino";
import { inject } from "vitest";
import { type CandleStore, type RunnerCaches, timeseriesCandleStore } from "../../src/index.js";

/** A silent logger for runners under test (LOG_LEVEL=debug to see them). */
export const testLogger = pino({ level: process.env.LOG_LEVEL ?? "silent" });

/** A migrated database of this file's own, a pool on it, a Redis key prefix, and the candle store on the same database. */
export interface TestEnv {
  readonly db: TestDatabase;
  readonly database: Database;
  readonly keyPrefix: string;
  readonly candles: CandleStore;
  /** Caches on a Redis connection of this file's own under its prefix. */
  caches(): Promise<RunnerCaches & { store: RedisStore }>;
  close(): Promise<void>;
}

/** Clones the migrated template; `poolSize` of the trading pool (1 = the embedded mode's one shared connection). */
export async function openTestEnv(label: string, options: { poolSize?: number } = {}): Promise<TestEnv> {
  const db = await createTestDatabase(label, { template: inject("runnerTemplateDatabase") });
  const database = await Database.connect({
    url: db.url,
    poolSize: options.poolSize ?? 4,
    statementTimeoutMs: 60_000,
    credentialsKey: null,
  });
  const keyPrefix = testKeyPrefix(label);
  const stores: RedisStore[] = [];
  return {
    db,
    database,
    keyPrefix,
    candles: timeseriesCandleStore({ url: db.url, poolSize: 2, timescale: "off" }),
    async caches() {
      const store = await RedisStore.connect({ url: redisUrl(), commandTimeoutMs: 2_000, logger: testLogger });
      stores.push(store);
      const keys = { store, keyPrefix, redisUrl: redisUrl() };
      return { store, ticks: await TickCache.open(keys), orders: await OrdersCache.open(keys), bots: await BotCache.open(keys) };
    },
    async close() {
      await Promise.all(stores.map((s) => s.close()));
      await database.close();
      await closeOhlcvPools();
      await db.drop();
    },
  };
}
