import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { BotCache } from "../../src/index.js";
import type { ContextFactory } from "./store-contract.js";

/** The BotCache contract: the same results and expiry on every store. */
export function botCacheContract(fresh: ContextFactory): void {
  describe("BotCache", () => {
    it("merges feed statuses per bot and deletes a bot whole", async () => {
      const cache = new BotCache(await fresh());
      await cache.updateBot(1, { ticker: "running" });
      await cache.updateBot(1, { candles: "starting" });
      await cache.updateBot(2, { ticker: "stopped" });
      expect(await cache.getBot(1)).toEqual({ ticker: "running", candles: "starting" });
      await cache.heartbeat(1, 60);
      expect([...(await cache.getBots()).keys()]).toEqual([1, 2]);
      await cache.deleteBot(1);
      expect(await cache.getBot(1)).toBeNull();
      expect(await cache.lastHeartbeat(1)).toBeNull();
      expect([...(await cache.getBots()).keys()]).toEqual([2]);
    });

    it("a heartbeat expires by itself when not renewed", async () => {
      const cache = new BotCache(await fresh());
      await cache.heartbeat(5, 0.2);
      expect((await cache.lastHeartbeat(5))?.getTime()).toBeLessThanOrEqual(Date.now());
      await sleep(300);
      expect(await cache.lastHeartbeat(5)).toBeNull();
    });

    it("an exchange block has one owner, is released only by it and expires", async () => {
      const cache = new BotCache(await fresh());
      expect(await cache.tryBlockExchange("binance", "bot-1", 10_000)).toBe(true);
      expect(await cache.tryBlockExchange("binance", "bot-2", 10_000)).toBe(false);
      expect(await cache.releaseExchangeBlock("binance", "bot-2")).toBe(false);
      expect(await cache.extendExchangeBlock("binance", "bot-2", 10_000)).toBe(false);
      expect((await cache.getExchangeBlock("binance"))?.owner).toBe("bot-1");
      expect(await cache.releaseExchangeBlock("binance", "bot-1")).toBe(true);
      expect(await cache.getExchangeBlock("binance")).toBeNull();
      expect(await cache.tryBlockExchange("binance", "bot-2", 200)).toBe(true);
      expect(await cache.extendExchangeBlock("binance", "bot-2", 250)).toBe(true);
      await sleep(350);
      expect(await cache.getExchangeBlock("binance")).toBeNull();
      expect(await cache.releaseExchangeBlock("binance", "bot-2")).toBe(false);
      expect(await cache.tryBlockExchange("binance", "bot-3", 1_000)).toBe(true);
    });

    it("opening-position marks are set once, cleared, and expire", async () => {
      const cache = new BotCache(await fresh());
      expect(await cache.markOpeningPosition(1, "BTC/USDT", 0.2)).toBe(true);
      expect(await cache.markOpeningPosition(1, "BTC/USDT", 0.2)).toBe(false);
      expect(await cache.isOpeningPosition(1, "BTC/USDT")).toBe(true);
      expect(await cache.isOpeningPosition(1, "ETH/USDT")).toBe(false);
      await sleep(300);
      expect(await cache.isOpeningPosition(1, "BTC/USDT")).toBe(false);
      await cache.markOpeningPosition(1, "ETH/USDT");
      await cache.clearOpeningPosition(1, "ETH/USDT");
      expect(await cache.isOpeningPosition(1, "ETH/USDT")).toBe(false);
    });
  });
}
