import { setTimeout as sleep } from "node:timers/promises";
import { Decimal, ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { isTickerStale, TickCache, type Ticker } from "../../src/index.js";
import type { ContextFactory } from "./store-contract.js";

/** The TickCache contract: the same results and expiry on every store. */
export function tickCacheContract(fresh: ContextFactory): void {
  describe("TickCache", () => {
    it("stores a batch, reads tickers back exactly with exchange and cache times", async () => {
      const cache = new TickCache(await fresh());
      const before = Date.now();
      await cache.updateTicker("binance", [
        {
          symbol: "BTC/USDT",
          last: "43250.12345678",
          bid: "43250.1",
          ask: new Decimal("43250.2"),
          volume: 0.1,
          time: 1_700_000_000_000,
        },
        { symbol: "ETH/USDT", last: "2250.50", time: new Date(1_700_000_001_000) },
      ]);
      const btc = await cache.getTicker("binance", "BTC/USDT");
      expect(btc?.last.toString()).toBe("43250.12345678");
      expect(btc?.bid?.toString()).toBe("43250.1");
      expect(btc?.ask?.toString()).toBe("43250.2");
      expect(btc?.volume?.toString()).toBe("0.1");
      expect(btc?.exchangeTime.getTime()).toBe(1_700_000_000_000);
      expect(btc?.cachedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(isTickerStale(btc!, 60_000)).toBe(true);
      const all = await cache.getAllTickers("binance");
      expect([...all.keys()].sort()).toEqual(["BTC/USDT", "ETH/USDT"]);
      expect(all.get("ETH/USDT")?.last.toString()).toBe("2250.5");
      expect(all.get("ETH/USDT")?.bid).toBeNull();
      expect(await cache.getTicker("kraken", "BTC/USDT")).toBeNull();
    });

    it("setTicker overwrites, deleteTicker and deleteExchangeTickers remove", async () => {
      const cache = new TickCache(await fresh());
      await cache.setTicker("kraken", { symbol: "XRP/EUR", last: "0.5", time: Date.now() });
      await cache.setTicker("kraken", { symbol: "XRP/EUR", last: "0.51", time: Date.now() });
      await cache.setTicker("kraken", { symbol: "BCH/EUR", last: "200", time: Date.now() });
      const xrp = await cache.getTicker("kraken", "XRP/EUR");
      expect(xrp?.last.toString()).toBe("0.51");
      expect(isTickerStale(xrp!, 60_000)).toBe(false);
      await cache.deleteTicker("kraken", "XRP/EUR");
      expect(await cache.getTicker("kraken", "XRP/EUR")).toBeNull();
      expect((await cache.getAllTickers("kraken")).size).toBe(1);
      await cache.deleteExchangeTickers("kraken");
      expect((await cache.getAllTickers("kraken")).size).toBe(0);
    });

    it("rejects a float-unsafe or malformed price naming the field, writing nothing", async () => {
      const cache = new TickCache(await fresh());
      await expect(
        cache.updateTicker("binance", [
          { symbol: "A/B", last: "1", time: 0 },
          { symbol: "C/D", last: "1,5", time: 0 },
        ]),
      ).rejects.toThrow(/ticker.last/);
      expect((await cache.getAllTickers("binance")).size).toBe(0);
      await expect(cache.updateTicker("binance", { symbol: "A/B", last: Number.NaN, time: 0 })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it("delivers published batches to subscribers until the cache is disposed", async () => {
      const context = await fresh();
      const got: Ticker[][] = [];
      {
        await using reader = new TickCache(context);
        await reader.subscribeTickers("binance", (batch) => got.push(batch));
        await new TickCache(context).updateTicker("binance", [
          { symbol: "BTC/USDT", last: "1.5", time: 1 },
          { symbol: "ETH/USDT", last: "2.5", time: 2 },
        ]);
        await expect.poll(() => got.length).toBe(1);
        expect(got[0]?.map((t) => `${t.symbol}=${t.last.toString()}`)).toEqual(["BTC/USDT=1.5", "ETH/USDT=2.5"]);
      }
      await new TickCache(context).setTicker("binance", { symbol: "BTC/USDT", last: "9", time: 3 });
      await sleep(50);
      expect(got).toHaveLength(1);
    });

    it.each([
      [{ last: "0" }, "ticker.last"],
      [{ last: "-43250.5" }, "ticker.last"],
      [{ last: -1 }, "ticker.last"],
      [{ bid: "0" }, "ticker.bid"],
      [{ ask: "-0.01" }, "ticker.ask"],
      [{ volume: "-1" }, "ticker.volume"],
      [{ last: "1e100000000" }, "ticker.last"],
      [{ last: `1.${"1".repeat(40)}` }, "ticker.last"],
    ])("refuses a zero, negative or out-of-range price %j naming %s, writing nothing", async (patch, field) => {
      const cache = new TickCache(await fresh());
      const ticker = { symbol: "BTC/USDT", last: "43250.5", bid: "43250", ask: "43251", volume: "2", time: 1, ...patch };
      const error = await cache.updateTicker("binance", ticker).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field });
      expect(await cache.getTicker("binance", "BTC/USDT")).toBeNull();
    });

    it("a symbol named __proto__ (or constructor) is stored and read back like any other, never dropped", async () => {
      const cache = new TickCache(await fresh());
      await cache.updateTicker("weird", [
        { symbol: "__proto__", last: "1.5", time: 1 },
        { symbol: "constructor", last: "2.5", time: 2 },
        { symbol: "BTC/USDT", last: "3.5", time: 3 },
      ]);
      expect((await cache.getTicker("weird", "__proto__"))?.last.toString()).toBe("1.5");
      expect((await cache.getTicker("weird", "constructor"))?.last.toString()).toBe("2.5");
      const all = await cache.getAllTickers("weird");
      expect([...all.keys()].sort()).toEqual(["BTC/USDT", "__proto__", "constructor"]);
      await cache.setTicker("weird", { symbol: "__proto__", last: "4", time: 4 });
      expect((await cache.getTicker("weird", "__proto__"))?.last.toString()).toBe("4");
    });
  });
}
