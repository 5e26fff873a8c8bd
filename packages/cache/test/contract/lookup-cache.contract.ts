import { setTimeout as sleep } from "node:timers/promises";
import { ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { StoreLookupCache } from "../../src/index.js";
import type { ContextFactory } from "./store-contract.js";

/** The LookupCache contract: the same results and expiry on every store. */
export function lookupCacheContract(fresh: ContextFactory): void {
  describe("LookupCache (the port @tradekit/orm caches symbol and exchange lookups through)", () => {
    it("stores JSON values with a TTL, deletes, and answers undefined when absent or expired", async () => {
      const cache = new StoreLookupCache(await fresh());
      expect(await cache.get("symbol:BTC/USDT")).toBeUndefined();
      await cache.set("symbol:BTC/USDT", { id: 1, base: "BTC", tick: "0.01" }, 86_400);
      await cache.set("exchange:binance", { id: 2 }, 0.2);
      await cache.set("nothing", null, 60);
      expect(await cache.get("symbol:BTC/USDT")).toEqual({ id: 1, base: "BTC", tick: "0.01" });
      expect(await cache.get("nothing")).toBeNull();
      await cache.delete("symbol:BTC/USDT", "never-set");
      expect(await cache.get("symbol:BTC/USDT")).toBeUndefined();
      await sleep(300);
      expect(await cache.get("exchange:binance")).toBeUndefined();
      await expect(cache.set("x", undefined, 60)).rejects.toBeInstanceOf(ValidationError);
      await expect(cache.set("x", 1, 0)).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
