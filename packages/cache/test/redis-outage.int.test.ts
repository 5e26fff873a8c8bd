import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { CacheUnavailableError } from "@tradekit/domain";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyLayout, OrdersCache, RedisLookupCache, RedisStore, readThrough, TickCache } from "../src/index.js";
import { OwnRedisServer } from "./support/own-redis-server.js";

const TIMEOUT_MS = 400;
// Failing "fast" means within the command timeout plus scheduling slack, never a hang.
const FAST_MS = TIMEOUT_MS + 1_000;

async function failsFast(what: string, op: () => Promise<unknown>): Promise<void> {
  const started = Date.now();
  const error = await op().then(
    () => new Error(`${what} succeeded while Redis was down`),
    (e: unknown) => e,
  );
  expect(error, what).toBeInstanceOf(CacheUnavailableError);
  expect(Date.now() - started, what).toBeLessThan(FAST_MS);
}

async function recovers(op: () => Promise<unknown>): Promise<void> {
  await expect
    .poll(
      () =>
        op().then(
          () => "ok",
          (e: Error) => e.name,
        ),
      { timeout: 5_000, interval: 100 },
    )
    .toBe("ok");
}

function captureLogger() {
  const lines: { level: number; msg: string }[] = [];
  // pino writes synchronously to a stream like this one, so assertions see every line at once.
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "warn" }, sink), lines };
}

// A redis-server of this file's own that the tests kill, freeze and restart on the same port.
describe("Redis stopped mid-test", () => {
  let server: OwnRedisServer;
  let store: RedisStore;
  const storeLog = captureLogger();
  const keys = new KeyLayout("outage:");
  beforeAll(async () => {
    server = await OwnRedisServer.start();
    store = await RedisStore.connect({ url: server.url, commandTimeoutMs: TIMEOUT_MS, logger: storeLog.logger });
  });
  afterAll(async () => {
    await store?.close();
    await server?.kill();
  });

  it("killed: every cache call fails fast with CacheUnavailableError; calls work again when it returns", async () => {
    const ticks = new TickCache({ store, keys });
    const orders = new OrdersCache({ store, keys });
    await ticks.setTicker("binance", { symbol: "BTC/USDT", last: "1", time: 1 });
    await orders.pushNewOrder({ clientOrderId: "before" });

    await server.kill();
    await failsFast("getTicker", () => ticks.getTicker("binance", "BTC/USDT"));
    await failsFast("updateTicker", () => ticks.updateTicker("binance", [{ symbol: "BTC/USDT", last: "2", time: 2 }]));
    await failsFast("pushNewOrder", () => orders.pushNewOrder({ clientOrderId: "during" }));
    await failsFast("a blocking take", () => orders.takeNewOrders("c", { blockMs: 5_000, reclaimIdleMs: 60_000 }));
    await failsFast("updateOrder", () => orders.updateOrder("binance", "1", () => ({ status: "open" })));
    await failsFast("opening a second connection", () => RedisStore.connect({ url: server.url, commandTimeoutMs: TIMEOUT_MS }));
    await failsFast("TickCache.open", () =>
      TickCache.open({ redisUrl: server.url, keyPrefix: "outage:", commandTimeoutMs: TIMEOUT_MS }),
    );

    // One warning for the outage, however many reconnects failed.
    expect(storeLog.lines.filter((l) => l.msg.includes("connection lost"))).toHaveLength(1);

    await server.restart();
    await recovers(() => ticks.setTicker("binance", { symbol: "BTC/USDT", last: "3", time: 3 }));
    expect((await ticks.getTicker("binance", "BTC/USDT"))?.last.toString()).toBe("3");
    // The restarted server is empty (no persistence): the queue's group is made again on use.
    await orders.pushNewOrder({ clientOrderId: "after" });
    expect((await orders.takeNewOrders("c", { reclaimIdleMs: 60_000 })).map((o) => o.order.clientOrderId)).toEqual(["after"]);
  });

  it("a blocking take in progress when Redis dies ends with CacheUnavailableError, not a hang", async () => {
    const orders = new OrdersCache({ store, keys });
    const started = Date.now();
    const taking = orders.takeNewOrders("waiter", { blockMs: 3_000, reclaimIdleMs: 60_000 }).catch((e: unknown) => e);
    await sleep(100);
    await server.kill();
    expect(await taking).toBeInstanceOf(CacheUnavailableError);
    expect(Date.now() - started).toBeLessThan(3_000 + FAST_MS);
    await server.restart();
    await recovers(() => orders.takeNewOrders("waiter", { blockMs: 50, reclaimIdleMs: 60_000 }));
  });

  it("frozen (answers nothing): commands time out with CacheUnavailableError, then recover", async () => {
    const ticks = new TickCache({ store, keys });
    await recovers(() => ticks.setTicker("kraken", { symbol: "XRP/EUR", last: "0.5", time: 1 }));
    server.freeze();
    try {
      await failsFast("getTicker on a frozen server", () => ticks.getTicker("kraken", "XRP/EUR"));
      await failsFast("getAllTickers on a frozen server", () => ticks.getAllTickers("kraken"));
      await failsFast("connecting to a frozen server", () =>
        RedisStore.connect({ url: server.url, commandTimeoutMs: TIMEOUT_MS }),
      );
    } finally {
      server.resume();
    }
    await recovers(() => ticks.getTicker("kraken", "XRP/EUR"));
    expect((await ticks.getTicker("kraken", "XRP/EUR"))?.last.toString()).toBe("0.5");
  });

  it("readThrough answers from the loader and logs a warning while Redis is down, and caches again after", async () => {
    const lookups = new RedisLookupCache({ store, keys });
    const { logger, lines } = captureLogger();
    let loads = 0;
    const load = async () => {
      loads++;
      return { id: 1, symbol: "BTC/USDT" };
    };
    await recovers(() => lookups.delete("symbol:BTC/USDT"));
    expect(await readThrough(lookups, "symbol:BTC/USDT", 86_400, load, { logger })).toEqual({ id: 1, symbol: "BTC/USDT" });
    expect(await readThrough(lookups, "symbol:BTC/USDT", 86_400, load, { logger })).toEqual({ id: 1, symbol: "BTC/USDT" });
    expect(loads).toBe(1);
    expect(lines).toEqual([]);

    await server.kill();
    const started = Date.now();
    expect(await readThrough(lookups, "symbol:BTC/USDT", 86_400, load, { logger })).toEqual({ id: 1, symbol: "BTC/USDT" });
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    expect(loads).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(40);
    expect(lines[0]?.msg).toMatch(/unavailable/);
    await expect(lookups.get("symbol:BTC/USDT")).rejects.toBeInstanceOf(CacheUnavailableError);

    await server.restart();
    await recovers(() => lookups.get("x"));
    await readThrough(lookups, "symbol:BTC/USDT", 86_400, load, { logger });
    expect(loads).toBe(3);
    expect(await lookups.get("symbol:BTC/USDT")).toEqual({ id: 1, symbol: "BTC/USDT" });
  });
});
