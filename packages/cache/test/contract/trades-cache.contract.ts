import { Trade } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { TradesCache } from "../../src/index.js";
import type { ContextFactory } from "./store-contract.js";

/** The TradesCache contract: the same results and expiry on every store. */
export function tradesCacheContract(fresh: ContextFactory): void {
  describe("TradesCache", () => {
    it("takes raw trades oldest first, exactly once", async () => {
      const cache = new TradesCache(await fresh());
      await cache.pushRawTrades("kraken", "BCH/EUR", [
        { exTradeId: "t1", price: "200.15", volume: "0.5", side: "buy", time: 1 },
        { exTradeId: "t2", price: "200.2", volume: "1.25", side: "sell", time: 2 },
        { price: "200.3", volume: "1", side: "buy", time: 3 },
      ]);
      const first = await cache.takeRawTrades("kraken", "BCH/EUR", 2);
      expect(first.map((t) => `${t.exTradeId}:${t.price.toString()}:${t.volume.toString()}:${t.side}`)).toEqual([
        "t1:200.15:0.5:buy",
        "t2:200.2:1.25:sell",
      ]);
      const rest = await cache.takeRawTrades("kraken", "BCH/EUR");
      expect(rest.map((t) => t.exTradeId)).toEqual([null]);
      expect(await cache.takeRawTrades("kraken", "BCH/EUR")).toEqual([]);
      expect(await cache.takeRawTrades("kraken", "XRP/EUR")).toEqual([]);
    });

    it("a bad raw trade writes nothing and names its row", async () => {
      const cache = new TradesCache(await fresh());
      const error = await cache
        .pushRawTrades("kraken", "BCH/EUR", [
          { price: "1", volume: "1", side: "buy", time: 1 },
          { price: "1", volume: "1", side: "hold" as "buy", time: 1 },
        ])
        .catch((e) => e);
      expect(error.row).toBe(1);
      expect(await cache.takeRawTrades("kraken", "BCH/EUR")).toEqual([]);
    });

    it("a domain Trade goes through a user's queue and comes back equal", async () => {
      const cache = new TradesCache(await fresh());
      const trade = Trade.create({
        exTradeId: "x-1",
        exId: 3,
        symbol: "BTC/USDT",
        side: "sell",
        volume: "0.5",
        price: "43000.01",
        fee: "-0.0001",
        time: 1_700_000_000_000,
      });
      await cache.pushUserTrades(9, [trade]);
      const [back] = await cache.takeUserTrades(9);
      expect(Trade.fromDict(back!).toDict()).toEqual(trade.toDict());
    });

    it("keeps one trade queue per user", async () => {
      const cache = new TradesCache(await fresh());
      await cache.pushUserTrades(1, [{ exTradeId: "a" }, { toDict: () => ({ exTradeId: "b" }) }]);
      await cache.pushUserTrades(2, [{ exTradeId: "c" }]);
      expect(await cache.takeUserTrades(1)).toEqual([{ exTradeId: "a" }, { exTradeId: "b" }]);
      expect(await cache.takeUserTrades(1)).toEqual([]);
      expect(await cache.takeUserTrades(2, 5)).toEqual([{ exTradeId: "c" }]);
    });
  });
}
