import { CacheUnavailableError, type LookupCache, NotFoundError } from "@tradekit/domain";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Database, DatabaseContext, LOOKUP_TTL_SECONDS, withDatabase } from "../src/index.js";
import { type MigratedTestDatabase, openTestDatabase, TEST_CREDENTIALS_KEY } from "./test-database.js";

/** A real LookupCache: JSON text in a Map with expiry, counting what it is asked. */
class MapLookupCache implements LookupCache {
  readonly entries = new Map<string, { text: string; expiresAt: number }>();
  readonly calls = { get: 0, set: 0, delete: 0 };
  now = () => Date.now();

  async get(key: string): Promise<unknown> {
    this.calls.get++;
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    return JSON.parse(entry.text);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    this.calls.set++;
    this.entries.set(key, { text: JSON.stringify(value), expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async delete(...keys: string[]): Promise<void> {
    this.calls.delete++;
    for (const k of keys) this.entries.delete(k);
  }
}

/** Fault injection: a cache whose store is down. */
class DownLookupCache implements LookupCache {
  async get(): Promise<unknown> {
    throw new CacheUnavailableError("redis at 127.0.0.1:1 refused the connection");
  }
  async set(): Promise<void> {
    throw new CacheUnavailableError("redis at 127.0.0.1:1 refused the connection");
  }
  async delete(): Promise<void> {
    throw new CacheUnavailableError("redis at 127.0.0.1:1 refused the connection");
  }
}

/** A pino logger whose lines land in `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const SYMBOL = {
  exchange: "binance",
  symbol: "BTC/USDT",
  baseCurrency: "BTC",
  quoteCurrency: "USDT",
  pricePrecision: 2,
  volumePrecision: 6,
  tickSize: "0.01",
  minLot: "0.000001",
};

describe("read-through caching of symbol and exchange lookups", () => {
  let testDb: MigratedTestDatabase;
  let cache: MapLookupCache;
  let cached: Database;
  const log = capturingLogger();
  /** Changes a row behind the cache's back (no repository, no invalidation). */
  const behindTheCache = (sql: string, params: unknown[]) => withDatabase((db) => db.execute(sql, params));
  const viaCache = <T>(fn: (db: DatabaseContext) => Promise<T>) => withDatabase(fn, cached);

  beforeAll(async () => {
    testDb = await openTestDatabase("orm_lookup_cache_catalog");
    cache = new MapLookupCache();
    cached = await Database.connect({
      url: testDb.url,
      poolSize: 3,
      credentialsKey: TEST_CREDENTIALS_KEY,
      lookupCache: cache,
      logger: log.logger,
    });
  });
  afterAll(async () => {
    await cached.close();
    await testDb.drop();
  });
  beforeEach(async () => {
    await withDatabase((db) => db.execute("truncate catalog_exchanges cascade"));
    cache.entries.clear();
    await viaCache((db) => db.exchanges.install({ name: "binance" }));
    await viaCache((db) => db.symbols.create(SYMBOL));
  });

  it("serves a cached symbol for 24 h without reading the database", async () => {
    const first = await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
    const [entry] = [...cache.entries].filter(([k]) => k.includes("BTC/USDT"));
    expect(entry?.[1].expiresAt).toBeGreaterThan(Date.now() + (LOOKUP_TTL_SECONDS - 5) * 1000);
    expect(LOOKUP_TTL_SECONDS).toBe(86_400);
    // Decimals travel as strings in the cache.
    expect(entry?.[1].text).toContain('"tickSize":"0.01"');
    await behindTheCache("update symbols set tick_size = 0.5 where id = $1", [first.id]);
    const second = await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
    expect(second.tickSize.toFixed()).toBe("0.01");
    expect(second.tickSize.eq(first.tickSize)).toBe(true);
    expect(second).toEqual(first);
    // The decimals helper and id lookup read through too; the uncached database says 0.5.
    expect((await viaCache((db) => db.symbols.getDecimals("binance", "BTC/USDT"))).tickSize.toFixed()).toBe("0.01");
    expect((await withDatabase((db) => db.symbols.getBySymbol("binance", "BTC/USDT"))).tickSize.toFixed()).toBe("0.5");
    // Once the TTL is over, the database value comes back.
    cache.now = () => Date.now() + LOOKUP_TTL_SECONDS * 1000 + 1;
    try {
      expect((await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"))).tickSize.toFixed()).toBe("0.5");
    } finally {
      cache.now = () => Date.now();
    }
  });

  it("serves cached exchanges and symbol lists, and invalidates them on create, update and delete", async () => {
    const exchange = await viaCache((db) => db.exchanges.getByName("binance"));
    await viaCache((db) => db.exchanges.getById(exchange.id));
    await behindTheCache("update catalog_exchanges set url = 'changed' where id = $1", [exchange.id]);
    expect((await viaCache((db) => db.exchanges.getById(exchange.id))).url).toBeNull();
    expect((await viaCache((db) => db.exchanges.getByName("binance"))).url).toBeNull();

    expect((await viaCache((db) => db.symbols.getByExchange("binance"))).map((s) => s.symbol)).toEqual(["BTC/USDT"]);
    // create
    const eth = await viaCache((db) => db.symbols.create({ ...SYMBOL, symbol: "ETH/USDT", baseCurrency: "ETH" }));
    expect((await viaCache((db) => db.symbols.getByExchange("binance"))).map((s) => s.symbol)).toEqual(["BTC/USDT", "ETH/USDT"]);
    // update
    await viaCache((db) => db.symbols.getById(eth.id));
    await viaCache((db) => db.symbols.update(eth.id, { minLot: "0.001" }));
    expect((await viaCache((db) => db.symbols.getById(eth.id))).minLot.toFixed()).toBe("0.001");
    expect((await viaCache((db) => db.symbols.getBySymbol("binance", "ETH/USDT"))).minLot.toFixed()).toBe("0.001");
    // rename: the old name is gone, the new one found
    await viaCache((db) => db.symbols.update(eth.id, { symbol: "ETH/USDC", quoteCurrency: "USDC" }));
    expect(await viaCache((db) => db.symbols.findBySymbol("binance", "ETH/USDT"))).toBeUndefined();
    expect((await viaCache((db) => db.symbols.getBySymbol("binance", "ETH/USDC"))).id).toBe(eth.id);
    // delete
    await viaCache((db) => db.symbols.delete(eth.id));
    await expect(viaCache((db) => db.symbols.getById(eth.id))).rejects.toBeInstanceOf(NotFoundError);
    expect((await viaCache((db) => db.symbols.getByExchange("binance"))).map((s) => s.symbol)).toEqual(["BTC/USDT"]);

    // Renaming the exchange drops its keys and its symbols' (they carry its name).
    await viaCache((db) => db.symbols.getBySymbol(exchange.id, "BTC/USDT"));
    await viaCache((db) => db.exchanges.update(exchange.id, { name: "binance-spot" }));
    await expect(viaCache((db) => db.exchanges.getByName("binance"))).rejects.toBeInstanceOf(NotFoundError);
    expect((await viaCache((db) => db.exchanges.getById(exchange.id))).url).toBe("changed");
    expect((await viaCache((db) => db.symbols.getBySymbol(exchange.id, "BTC/USDT"))).exchange).toBe("binance-spot");
    // Uninstalling drops them too.
    await viaCache((db) => db.exchanges.uninstall(exchange.id));
    await expect(viaCache((db) => db.exchanges.getById(exchange.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(viaCache((db) => db.symbols.getBySymbol(exchange.id, "BTC/USDT"))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("never caches uncommitted rows: a writing context reads around the cache, a rollback leaves the cache clean", async () => {
    await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
    const setsBefore = cache.calls.set;
    {
      await using db = await DatabaseContext.open(cached);
      const btc = await db.symbols.getBySymbol("binance", "BTC/USDT");
      await db.symbols.update(btc.id, { tickSize: "0.05" });
      // Inside the writing context: its own (uncommitted) value, straight from the database.
      expect((await db.symbols.getBySymbol("binance", "BTC/USDT")).tickSize.toFixed()).toBe("0.05");
      expect((await db.symbols.getByExchange("binance"))[0]?.tickSize.toFixed()).toBe("0.05");
    }
    expect(cache.calls.set).toBe(setsBefore);
    expect([...cache.entries.values()].some((e) => e.text.includes("0.05"))).toBe(false);
    expect((await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"))).tickSize.toFixed()).toBe("0.01");
  });

  it("invalidates again after commit, dropping what a concurrent reader cached from the old row", async () => {
    const writer = await DatabaseContext.open(cached);
    try {
      const btc = await writer.symbols.getBySymbol("binance", "BTC/USDT");
      await writer.symbols.update(btc.id, { tickSize: "0.02" });
      // Another process reads before the commit: it sees and caches the old row.
      expect((await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"))).tickSize.toFixed()).toBe("0.01");
      await writer.commit();
    } finally {
      await writer.rollback();
    }
    expect((await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"))).tickSize.toFixed()).toBe("0.02");
  });

  it("reads a cached value it cannot revive from the database instead", async () => {
    const btc = await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"));
    for (const [key, entry] of cache.entries) if (key.includes("BTC/USDT")) entry.text = JSON.stringify({ tickSize: 7 });
    log.lines.length = 0;
    expect((await viaCache((db) => db.symbols.getBySymbol("binance", "BTC/USDT"))).id).toBe(btc.id);
    expect(log.lines.some((l) => String(l.msg).includes("unreadable cached lookup"))).toBe(true);
  });

  it("falls back to the database and logs a warning when the cache is unavailable; writes still succeed", async () => {
    const { logger, lines } = capturingLogger();
    const down = await Database.connect({ url: testDb.url, poolSize: 2, lookupCache: new DownLookupCache(), logger });
    try {
      const btc = await withDatabase((db) => db.symbols.getBySymbol("binance", "BTC/USDT"), down);
      expect(btc.tickSize.toFixed()).toBe("0.01");
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(String(warnings[0]?.msg)).toContain("lookup cache unavailable");
      expect(JSON.stringify(warnings[0])).toContain("refused the connection");

      lines.length = 0;
      const updated = await withDatabase((db) => db.symbols.update(btc.id, { tickSize: "0.1" }), down);
      expect(updated.tickSize.toFixed()).toBe("0.1");
      expect(lines.some((l) => l.level === 40 && String(l.msg).includes("could not invalidate"))).toBe(true);
      expect((await withDatabase((db) => db.exchanges.getByName("binance"), down)).name).toBe("binance");
    } finally {
      await down.close();
    }
  });

  it("lets errors other than CacheUnavailableError through", async () => {
    const broken: LookupCache = {
      get: async () => {
        throw new TypeError("bug in the cache adapter");
      },
      set: async () => undefined,
      delete: async () => undefined,
    };
    const db = await Database.connect({ url: testDb.url, poolSize: 1, lookupCache: broken });
    try {
      await expect(withDatabase((ctx) => ctx.symbols.getBySymbol("binance", "BTC/USDT"), db)).rejects.toThrow(
        "bug in the cache adapter",
      );
    } finally {
      await db.close();
    }
  });
});
