import { ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { AccountCache } from "../../src/index.js";
import type { ContextFactory } from "./store-contract.js";

/** The AccountCache contract: the same results and expiry on every store. */
export function accountCacheContract(fresh: ContextFactory): void {
  describe("AccountCache", () => {
    it("getPosition always answers: volume 0 when none, exact decimals otherwise", async () => {
      const cache = new AccountCache(await fresh());
      const none = await cache.getPosition(7, "BTC/USDT");
      expect(none.volume.isZero()).toBe(true);
      expect(none.updatedAt).toBeNull();
      await cache.upsertPositions(7, [
        { symbol: "BTC/USDT", volume: "-0.3", avgPrice: "43000.1", unrealizedPnl: "12.000000000000000001" },
        { symbol: "ETH/USDT", volume: "2", avgPrice: "2000" },
      ]);
      const btc = await cache.getPosition(7, "BTC/USDT");
      expect(btc.volume.toString()).toBe("-0.3");
      expect(btc.unrealizedPnl.toString()).toBe("12.000000000000000001");
      expect(btc.exId).toBe(7);
      await cache.upsertPosition(7, { symbol: "ETH/USDT", volume: "0" });
      const all = await cache.getAllPositions(7);
      expect(all.get("ETH/USDT")?.volume.isZero()).toBe(true);
      expect(all.size).toBe(2);
      expect((await cache.getAllPositions(8)).size).toBe(0);
      await cache.cleanPositions(7);
      expect((await cache.getAllPositions(7)).size).toBe(0);
    });

    it("a batch with one bad position writes nothing and names the row", async () => {
      const cache = new AccountCache(await fresh());
      const error = await cache
        .upsertPositions(1, [
          { symbol: "A", volume: "1" },
          { symbol: "B", volume: "x" },
        ])
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.row).toBe(1);
      expect((await cache.getAllPositions(1)).size).toBe(0);
    });

    it("updatePosition changes a position from its current value", async () => {
      const cache = new AccountCache(await fresh());
      await cache.updatePosition(3, "BTC/USDT", (p) => ({ symbol: p.symbol, volume: p.volume.plus("0.1") }));
      const after = await cache.updatePosition(3, "BTC/USDT", (p) => ({ symbol: p.symbol, volume: p.volume.plus("0.2") }));
      expect(after.volume.toString()).toBe("0.3");
      expect((await cache.getPosition(3, "BTC/USDT")).volume.toString()).toBe("0.3");
    });

    it("stores balances per account", async () => {
      const cache = new AccountCache(await fresh());
      expect(await cache.getAccount(1)).toBeNull();
      await cache.upsertAccount(1, { USDT: { free: "100.5", used: "0.25", total: "100.75" } });
      await cache.upsertAccount(2, { BTC: { free: "1", used: "0", total: "1" } });
      const one = await cache.getAccount(1);
      expect(one?.balances.get("USDT")?.total.toString()).toBe("100.75");
      const all = await cache.getAllAccounts();
      expect([...all.keys()].sort()).toEqual([1, 2]);
    });

    it("a position or asset named __proto__ is stored and read back, never dropped", async () => {
      const cache = new AccountCache(await fresh());
      await cache.upsertPositions(3, [
        { symbol: "__proto__", volume: "1.5" },
        { symbol: "BTC/USDT", volume: "2" },
      ]);
      expect((await cache.getPosition(3, "__proto__")).volume.toString()).toBe("1.5");
      const all = await cache.getAllPositions(3);
      expect([...all.keys()].sort()).toEqual(["BTC/USDT", "__proto__"]);
      expect(all.get("__proto__")?.volume.toString()).toBe("1.5");
      await cache.upsertAccount(3, {
        ["__proto__"]: { free: "1", used: "0", total: "1" },
        USDT: { free: "2", used: "0", total: "2" },
      });
      const account = await cache.getAccount(3);
      expect([...(account?.balances.keys() ?? [])].sort()).toEqual(["USDT", "__proto__"]);
      expect(account?.balances.get("__proto__")?.total.toString()).toBe("1");
    });

    it("refuses positions and balances outside the amount range, and prices < 0, naming row and field", async () => {
      const cache = new AccountCache(await fresh());
      const huge = await cache
        .upsertPositions(4, [
          { symbol: "A", volume: "1" },
          { symbol: "B", volume: "1e100000000" },
        ])
        .catch((e: unknown) => e);
      expect(huge).toBeInstanceOf(ValidationError);
      expect(huge).toMatchObject({ row: 1, field: "position.volume" });
      expect((await cache.getAllPositions(4)).size).toBe(0);
      const price = await cache.upsertPosition(4, { symbol: "A", volume: "1", avgPrice: "-5" }).catch((e: unknown) => e);
      expect(price).toMatchObject({ field: "position.avgPrice" });
      const balance = await cache
        .upsertAccount(4, { USDT: { free: `1${"0".repeat(30)}`, used: "0", total: "1" } })
        .catch((e: unknown) => e);
      expect(balance).toBeInstanceOf(ValidationError);
      expect(balance).toMatchObject({ field: "balances.USDT.free" });
      expect(await cache.getAccount(4)).toBeNull();
    });
  });
}
