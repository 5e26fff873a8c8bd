import { AccountCache, type CacheStore, MemoryStore, OrdersCache, RedisStore, TickCache } from "@tradekit/cache";
import { loadConfig, type RiskLimits } from "@tradekit/config";
import { Decimal, Order, type OrderInput } from "@tradekit/domain";
import { Database, DatabaseContext } from "@tradekit/orm";
import { createTestDatabase, redisUrl, type TestDatabase, testKeyPrefix } from "@tradekit/test-services";
import { pino } from "pino";
import { inject } from "vitest";
import {
  createOrderManager,
  type ExecutionVenue,
  type OrderManager,
  type OrderManagerOptions,
  PaperVenue,
  type PaperVenueOptions,
} from "../../src/index.js";
import { type Seeded, seed } from "./seed.js";

/** The default risk limits with overrides. */
export function riskLimits(overrides: Partial<RiskLimits> = {}): RiskLimits {
  return { ...loadConfig({}).risk, maxPositionSize: null, ...overrides };
}

/** One test's world: its own database, key prefix, caches, paper venue and a manager factory. */
export interface World extends Seeded {
  testDb: TestDatabase;
  database: Database;
  store: CacheStore;
  prefix: string;
  orders: OrdersCache;
  ticks: TickCache;
  accounts: AccountCache;
  venue: PaperVenue;
  clock: { now(): Date; set(ms: number): void };
  /** A manager of the world's bot; `venue` replaces the paper venue (a fault-injecting wrapper of it). */
  manager(options?: OrderManagerOptions, risk?: Partial<RiskLimits>, venue?: ExecutionVenue): OrderManager;
  /** Writes a ticker to the cache and lets the venue see it (what the CLI's subscription does). */
  tick(last: string, options?: { symbol?: string; at?: number }): Promise<void>;
  /** A request as the runner sends it. */
  request(fields?: Partial<OrderInput>): Record<string, unknown>;
  close(): Promise<void>;
}

let counter = 0;

/** Builds a world; `store: "memory"` runs on the in-memory store, `poolSize: 1` like the embedded main job. */
export { seed };

export async function openWorld(
  label: string,
  options: { store?: "redis" | "memory"; poolSize?: number; venue?: Partial<PaperVenueOptions>; redis?: string } = {},
): Promise<World> {
  const testDb = await createTestDatabase(label, { template: inject("omTemplateDatabase") });
  const database = await Database.connect({ url: testDb.url, poolSize: options.poolSize ?? 4 });
  const store: CacheStore =
    options.store === "memory"
      ? new MemoryStore()
      : await RedisStore.connect({ url: options.redis ?? redisUrl(), commandTimeoutMs: 1_000 });
  const prefix = testKeyPrefix(label);
  const cache = { store, keyPrefix: prefix };
  const orders = await OrdersCache.open(cache);
  const ticks = await TickCache.open(cache);
  const accounts = await AccountCache.open(cache);
  const ids = await seed(database, label);
  let now = Date.parse("2024-03-01T12:00:00Z");
  const clock = {
    now: () => new Date(now),
    set: (ms: number) => {
      now = ms;
    },
  };
  const venue = await PaperVenue.open({
    accountId: ids.accountId,
    store,
    keyPrefix: prefix,
    clock,
    initialBalances: { USDT: "100000" },
    ...options.venue,
  });
  const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
  const managers: OrderManager[] = [];
  return {
    ...ids,
    testDb,
    database,
    store,
    prefix,
    orders,
    ticks,
    accounts,
    venue,
    clock,
    manager(managerOptions = {}, risk = {}, managerVenue: ExecutionVenue = venue) {
      const m = createOrderManager({
        database,
        orders,
        ticks,
        accounts,
        venues: new Map([[ids.accountId, managerVenue]]),
        botIds: [ids.botId],
        risk: riskLimits(risk),
        clock,
        logger,
        options: { manual: true, reclaimIdleMs: 60_000, ...managerOptions },
      });
      managers.push(m);
      return m;
    },
    async tick(last, tickOptions = {}) {
      now = tickOptions.at ?? now + 1_000;
      const ticker = { symbol: tickOptions.symbol ?? "BTC/USDT", last, time: now };
      await ticks.updateTicker("paper", ticker);
      await venue.onTicker({ symbol: ticker.symbol, last, exchangeTime: new Date(now) });
    },
    request(fields = {}) {
      counter += 1;
      return Order.create({
        clientOrderId: `${label}-${process.pid}-${counter}`,
        botId: ids.botId,
        exId: ids.accountId,
        exchange: "paper",
        symbol: "BTC/USDT",
        orderType: "market",
        side: "buy",
        volume: "0.01",
        price: "50000",
        createdAt: new Date(now),
        ...fields,
      }).toDict();
    },
    async close() {
      for (const m of managers) await m.stop().catch(() => undefined);
      await store.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** The positions a replay of the stored fills gives, by symbol. */
export async function replayedVolumes(database: Database, exId: number): Promise<Map<string, Decimal>> {
  await using db = await DatabaseContext.open(database);
  const out = new Map<string, Decimal>();
  for (const t of await db.trades.getTrades({ exId }))
    out.set(t.symbol, (out.get(t.symbol) ?? new Decimal(0)).plus(t.signedVolume));
  return out;
}
