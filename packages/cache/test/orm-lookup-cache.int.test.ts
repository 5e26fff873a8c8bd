// The real pieces together: @tradekit/orm's symbol and exchange lookups cached in real Redis
// through RedisLookupCache, against a real migrated PostgreSQL database. The ORM's own tests use
// an in-memory LookupCache; this file proves the adapter and the ORM agree on keys, JSON, TTL,
// invalidation and outage handling.
import { Writable } from "node:stream";
import { NotFoundError } from "@tradekit/domain";
import { closeDatabase, Database, initDatabase, LOOKUP_TTL_SECONDS, migrate, withDatabase } from "@tradekit/orm";
import { createTestDatabase, redisUrl, type TestDatabase, testKeyPrefix } from "@tradekit/test-services";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeCacheConnections, RedisLookupCache } from "../src/index.js";
import { OwnRedisServer } from "./support/own-redis-server.js";

/** A pino logger whose lines land in `lines` (pino writes to a stream like this synchronously). */
function captureLogger() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "warn" }, sink), lines };
}

const WARN = 40;
const DOWN_TIMEOUT_MS = 300;

const BTC = {
  exchange: "binance",
  symbol: "BTC/USDT",
  baseCurrency: "BTC",
  quoteCurrency: "USDT",
  pricePrecision: 2,
  volumePrecision: 6,
  tickSize: "0.01",
  minLot: "0.000001",
};

describe("@tradekit/orm lookups cached in Redis through RedisLookupCache", () => {
  const prefix = testKeyPrefix("orm_lookup");
  const ormLog = captureLogger();
  // The adapters' own connection logs, kept off the console.
  const cacheLog = captureLogger();
  let testDb: TestDatabase;
  let admin: Redis;
  let exchangeId: number;

  /** Every lookup key in Redis under this file's prefix. */
  const lookupKeys = async (): Promise<string[]> => (await admin.keys(`${prefix}lookup:*`)).sort();
  const keyOf = async (suffix: string): Promise<string | undefined> => (await lookupKeys()).find((k) => k.endsWith(suffix));
  /** Changes a row behind the cache's back: raw SQL, no repository, no invalidation. */
  const behindTheCache = (sql: string, params: unknown[]) => withDatabase((db) => db.execute(sql, params));

  beforeAll(async () => {
    testDb = await createTestDatabase("cache_orm_lookup");
    await migrate({ url: testDb.url });
    admin = new Redis(redisUrl());
    const lookupCache = await RedisLookupCache.open({
      redisUrl: redisUrl(),
      keyPrefix: prefix,
      commandTimeoutMs: 2_000,
      logger: cacheLog.logger,
    });
    await initDatabase({ url: testDb.url, poolSize: 3, lookupCache, logger: ormLog.logger });
  });

  afterAll(async () => {
    await closeDatabase();
    await closeCacheConnections();
    if (admin) {
      const left = await admin.keys(`${prefix}*`);
      if (left.length > 0) await admin.del(...left);
      await admin.quit();
    }
    await testDb?.drop();
  });

  beforeEach(async () => {
    await behindTheCache("truncate catalog_exchanges cascade", []);
    exchangeId = (await withDatabase((db) => db.exchanges.install({ name: "binance" }))).id;
    await withDatabase((db) => db.symbols.create(BTC));
    // Every test starts with nothing cached (create resolved the exchange through the cache).
    const stale = await admin.keys(`${prefix}*`);
    if (stale.length > 0) await admin.del(...stale);
    ormLog.lines.length = 0;
  });

  it("a symbol lookup fills a key under the prefix for 24 h; the next lookup is served from Redis until a write invalidates it", async () => {
    expect(await lookupKeys()).toEqual([]);
    const first = await withDatabase((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
    expect(first.tickSize.toFixed()).toBe("0.01");

    const key = await keyOf(`:${exchangeId}:BTC/USDT`);
    expect(key, `keys: ${await lookupKeys()}`).toMatch(new RegExp(`^${prefix}lookup:.*symbol:ex:${exchangeId}:BTC/USDT$`));
    const ttl = await admin.ttl(key!);
    expect(LOOKUP_TTL_SECONDS).toBe(86_400);
    expect(ttl).toBeGreaterThan(86_400 - 10);
    expect(ttl).toBeLessThanOrEqual(86_400);
    // The exchange resolved on the way is cached as well, also for 24 h.
    const exchangeKey = await keyOf(":exchange:name:binance");
    expect(await admin.ttl(exchangeKey!)).toBeGreaterThan(86_400 - 10);
    // Decimals travel as exact strings.
    expect(JSON.parse((await admin.get(key!))!)).toMatchObject({ id: first.id, tickSize: "0.01", minLot: "0.000001" });

    // The database changes behind the cache: the lookup still answers the cached row.
    await behindTheCache("update symbols set tick_size = 0.5 where id = $1", [first.id]);
    const second = await withDatabase((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
    expect(second.tickSize.toFixed()).toBe("0.01");
    expect(second).toEqual(first);
    // ... and it is Redis that answers: an edit of the stored JSON is what the ORM returns.
    await admin.set(key!, JSON.stringify({ ...JSON.parse((await admin.get(key!))!), tickSize: "0.25" }), "KEEPTTL");
    expect((await withDatabase((db) => db.symbols.getDecimals("binance", "BTC/USDT"))).tickSize.toFixed()).toBe("0.25");

    // An update through the repository deletes the key; the next lookup reads the new row.
    await withDatabase((db) => db.symbols.update(first.id, { minLot: "0.001" }));
    expect(await admin.exists(key!)).toBe(0);
    const third = await withDatabase((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
    expect(third.minLot.toFixed()).toBe("0.001");
    expect(third.tickSize.toFixed()).toBe("0.5");
    expect(JSON.parse((await admin.get(key!))!)).toMatchObject({ minLot: "0.001", tickSize: "0.5" });
    expect(ormLog.lines).toEqual([]);
  });

  it("create and delete invalidate the symbol's keys and the exchange's symbol list", async () => {
    const btc = await withDatabase((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
    await withDatabase((db) => db.symbols.getById(btc.id));
    expect((await withDatabase((db) => db.symbols.getByExchange("binance"))).map((s) => s.symbol)).toEqual(["BTC/USDT"]);
    const listKey = await keyOf(`:symbols:ex:${exchangeId}`);
    expect(listKey).toBeDefined();

    const eth = await withDatabase((db) => db.symbols.create({ ...BTC, symbol: "ETH/USDT", baseCurrency: "ETH" }));
    expect(await admin.exists(listKey!)).toBe(0);
    expect((await withDatabase((db) => db.symbols.getByExchange("binance"))).map((s) => s.symbol)).toEqual([
      "BTC/USDT",
      "ETH/USDT",
    ]);

    await withDatabase((db) => db.symbols.getBySymbol("binance", "ETH/USDT"));
    await withDatabase((db) => db.symbols.getById(eth.id));
    const ethKeys = (await lookupKeys()).filter((k) => k.endsWith(`:symbol:id:${eth.id}`) || k.endsWith(":ETH/USDT"));
    expect(ethKeys).toHaveLength(2);

    await withDatabase((db) => db.symbols.delete(eth.id));
    expect(await admin.exists(...ethKeys, listKey!)).toBe(0);
    await expect(withDatabase((db) => db.symbols.getById(eth.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(withDatabase((db) => db.symbols.getBySymbol("binance", "ETH/USDT"))).rejects.toBeInstanceOf(NotFoundError);
    expect((await withDatabase((db) => db.symbols.getByExchange("binance"))).map((s) => s.symbol)).toEqual(["BTC/USDT"]);
    // The other symbol's entries were left alone.
    expect(await keyOf(`:symbol:id:${btc.id}`)).toBeDefined();
    expect(ormLog.lines).toEqual([]);
  });

  it("names with spaces (which the ORM accepts) are cached and invalidated like any other", async () => {
    const us = await withDatabase((db) => db.exchanges.install({ name: "Binance US" }));
    await withDatabase((db) => db.symbols.create({ ...BTC, exchange: us.id, symbol: "BTC USD", quoteCurrency: "USD" }));
    const found = await withDatabase((db) => db.symbols.getBySymbol("Binance US", "BTC USD"));
    expect(found.exchange).toBe("Binance US");
    // Stored under the name percent-encoded: a space would not be a valid key segment.
    expect(await keyOf(":exchange:name:Binance%20US")).toBeDefined();
    expect(await keyOf(`:symbol:ex:${us.id}:BTC%20USD`)).toBeDefined();
    await behindTheCache("update symbols set min_lot = 1 where id = $1", [found.id]);
    expect((await withDatabase((db) => db.symbols.getBySymbol("Binance US", "BTC USD"))).minLot.toFixed()).toBe("0.000001");
    await withDatabase((db) => db.symbols.update(found.id, { tickSize: "0.1" }));
    expect((await withDatabase((db) => db.symbols.getBySymbol("Binance US", "BTC USD"))).minLot.toFixed()).toBe("1");
    expect(ormLog.lines).toEqual([]);
  });

  describe("when the cache's Redis is down", () => {
    let server: OwnRedisServer;
    let lookupCache: RedisLookupCache;
    let down: Database;
    const downLog = captureLogger();
    beforeAll(async () => {
      server = await OwnRedisServer.start();
      // Opened while it runs (open() itself fails fast when Redis is down), then stopped by each test.
      lookupCache = await RedisLookupCache.open({
        redisUrl: server.url,
        keyPrefix: prefix,
        commandTimeoutMs: DOWN_TIMEOUT_MS,
        logger: cacheLog.logger,
      });
      down = await Database.connect({ url: testDb.url, poolSize: 2, lookupCache, logger: downLog.logger });
    });
    afterAll(async () => {
      await down?.close();
      server?.resume();
      await server?.kill();
    });

    /** Runs `fn` on the database whose cache is down, and checks it did not wait on Redis for long. */
    async function bounded<T>(fn: Parameters<typeof withDatabase<T>>[0]): Promise<T> {
      const started = Date.now();
      const result = await withDatabase(fn, down);
      // A lookup makes at most four cache calls (exchange and symbol, get and set), each bounded.
      expect(Date.now() - started).toBeLessThan(4 * DOWN_TIMEOUT_MS + 1_500);
      return result;
    }

    /** What every outage must look like to the ORM's user. */
    async function fallsBackToTheDatabase(): Promise<void> {
      downLog.lines.length = 0;
      const btc = await bounded((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
      expect(btc.tickSize.toFixed()).toBe("0.01");
      const warnings = downLog.lines.filter((l) => l.level === WARN);
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings[0]?.msg).toContain("lookup cache unavailable");
      // The warning carries the typed cache error naming the Redis that is down.
      expect(JSON.stringify(warnings[0])).toContain(`127.0.0.1:${server.port}`);

      // A row changed in the database is seen at once: nothing is served from anywhere else.
      await behindTheCache("update symbols set tick_size = 0.2 where id = $1", [btc.id]);
      expect((await bounded((db) => db.symbols.getById(btc.id))).tickSize.toFixed()).toBe("0.2");

      downLog.lines.length = 0;
      const updated = await bounded((db) => db.symbols.update(btc.id, { minLot: "0.01" }));
      expect(updated.minLot.toFixed()).toBe("0.01");
      expect(downLog.lines.some((l) => l.level === WARN && l.msg.includes("could not invalidate"))).toBe(true);
    }

    it("killed: lookups answer from the database with a warning, writes succeed, nothing hangs", async () => {
      // The cache really works against this server before it dies.
      await withDatabase((db) => db.symbols.getBySymbol("binance", "BTC/USDT"), down);
      expect(await lookupCache.get("orm:v1:exchange:name:binance")).toMatchObject({ name: "binance" });
      await server.kill();
      await fallsBackToTheDatabase();
    });

    it("frozen (accepts the socket, answers nothing): the same, within the command timeout", async () => {
      await server.restart();
      // Wait until the adapter's connection is back, so the freeze hits a connected client.
      await expect
        .poll(
          () =>
            lookupCache.get("probe").then(
              () => "ok",
              (e: Error) => e.name,
            ),
          { timeout: 5_000 },
        )
        .toBe("ok");
      server.freeze();
      try {
        await fallsBackToTheDatabase();
      } finally {
        server.resume();
      }
    });
  });
});
