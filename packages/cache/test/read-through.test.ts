import { Writable } from "node:stream";
import { CacheUnavailableError, type LookupCache } from "@tradekit/domain";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { MemoryLookupCache, readThrough } from "../src/index.js";

function captureLogger() {
  const lines: { level: number; msg: string; key: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "warn" }, sink), lines };
}

// A cache whose store is down (the real outage is in redis-outage.int.test.ts); this one
// injects the fault to pin the fallback rules down without a server.
const downCache: LookupCache = {
  get: async () => {
    throw new CacheUnavailableError("down");
  },
  set: async () => {
    throw new CacheUnavailableError("down");
  },
  delete: async () => {
    throw new CacheUnavailableError("down");
  },
};

describe("readThrough", () => {
  it("loads once, then answers from the cache until the key is invalidated", async () => {
    const cache = new MemoryLookupCache();
    let loads = 0;
    const load = async () => ({ id: 7, loads: ++loads });
    expect(await readThrough(cache, "symbol:BTC/USDT", 86_400, load)).toEqual({ id: 7, loads: 1 });
    expect(await readThrough(cache, "symbol:BTC/USDT", 86_400, load)).toEqual({ id: 7, loads: 1 });
    await cache.delete("symbol:BTC/USDT");
    expect(await readThrough(cache, "symbol:BTC/USDT", 86_400, load)).toEqual({ id: 7, loads: 2 });
  });

  it("caches null (a known absence) but not undefined", async () => {
    const cache = new MemoryLookupCache();
    let loads = 0;
    const counted =
      <T>(value: T) =>
      async (): Promise<T> => {
        loads++;
        return value;
      };
    await readThrough(cache, "a", 60, counted(null));
    await readThrough(cache, "a", 60, counted(null));
    await readThrough(cache, "b", 60, counted(undefined));
    await readThrough(cache, "b", 60, counted(undefined));
    expect(loads).toBe(3);
  });

  it("when the cache is unavailable, answers from load() and logs a warning", async () => {
    const { logger, lines } = captureLogger();
    expect(await readThrough(downCache, "symbol:ETH/USDT", 86_400, async () => "from db", { logger })).toBe("from db");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, key: "symbol:ETH/USDT" });
  });

  it("does not swallow other errors: a failing load or a non-outage cache error propagates", async () => {
    const cache = new MemoryLookupCache();
    await expect(readThrough(cache, "k", 60, async () => Promise.reject(new Error("db says no")))).rejects.toThrow("db says no");
    const broken: LookupCache = { ...downCache, get: async () => Promise.reject(new TypeError("bug")) };
    await expect(readThrough(broken, "k", 60, async () => 1)).rejects.toBeInstanceOf(TypeError);
  });
});
