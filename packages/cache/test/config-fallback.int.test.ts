import { ensureRedis, redisUrl, testKeyPrefix } from "@tradekit/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeCacheConnections, KeyLayout, RedisStore, TickCache } from "../src/index.js";

// Options not given come from loadConfig(): REDIS_URL, REDIS_KEY_PREFIX, REDIS_COMMAND_TIMEOUT_MS.
// Each test file runs in a process of its own, so setting the environment here is contained.
describe("options fall back to the configuration", () => {
  const prefix = testKeyPrefix("cache_config");
  const saved = { url: process.env.REDIS_URL, prefix: process.env.REDIS_KEY_PREFIX };
  beforeAll(ensureRedis);
  afterAll(async () => {
    process.env.REDIS_URL = saved.url;
    process.env.REDIS_KEY_PREFIX = saved.prefix;
    if (saved.url === undefined) delete process.env.REDIS_URL;
    if (saved.prefix === undefined) delete process.env.REDIS_KEY_PREFIX;
    await closeCacheConnections();
    const store = await RedisStore.connect({ url: redisUrl() });
    await store.exec([{ op: "del", keys: new KeyLayout(prefix).tickerBuckets("binance") }]);
    await store.close();
  });

  it("TickCache.open() with no options uses REDIS_URL and REDIS_KEY_PREFIX", async () => {
    process.env.REDIS_URL = redisUrl();
    process.env.REDIS_KEY_PREFIX = prefix;
    await using ticks = await TickCache.open();
    expect(ticks.store.kind).toBe("redis");
    expect(ticks.keys.prefix).toBe(prefix);
    await ticks.setTicker("binance", { symbol: "BTC/USDT", last: "1", time: 1 });
    const direct = await RedisStore.connect({ url: redisUrl() });
    expect(await direct.hget(new KeyLayout(prefix).tickerBucket("binance", "BTC/USDT"), "BTC/USDT")).toMatch(/^1\|/);
    await direct.close();
  });

  it("without REDIS_URL the caches run on the in-memory store", async () => {
    delete process.env.REDIS_URL;
    await using ticks = await TickCache.open({ keyPrefix: "embedded:" });
    expect(ticks.store.kind).toBe("memory");
  });
});
