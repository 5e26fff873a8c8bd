import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { CacheContext } from "../../src/index.js";

/** A fresh store context (its own key prefix) per call. */
export type ContextFactory = () => Promise<CacheContext>;

/** The store port's contract: every implementation passes the same assertions. */
export function storeContract(fresh: ContextFactory): void {
  describe("store primitives", () => {
    it("expires a key after its TTL and not before", async () => {
      const { store, keys } = await fresh();
      const k = `${keys.prefix}ttl`;
      await store.exec([{ op: "set", key: k, value: "v", ttlMs: 200 }]);
      expect(await store.get(k)).toBe("v");
      const ttl = await store.pttl(k);
      expect(ttl).toBeGreaterThan(100);
      expect(ttl).toBeLessThanOrEqual(200);
      await sleep(300);
      expect(await store.get(k)).toBeNull();
      expect(await store.pttl(k)).toBe(-2);
    });

    it("keeps a key without TTL (pttl -1) and a hash keeps its TTL when a field is written", async () => {
      const { store, keys } = await fresh();
      const k = `${keys.prefix}h`;
      await store.exec([{ op: "hset", key: k, fields: { a: "1" } }]);
      expect(await store.pttl(k)).toBe(-1);
      await store.exec([{ op: "pexpire", key: k, ttlMs: 5_000 }]);
      await store.exec([{ op: "hset", key: k, fields: { b: "2" } }]);
      expect(await store.pttl(k)).toBeGreaterThan(4_000);
      expect(await store.hgetall(k)).toEqual({ a: "1", b: "2" });
    });

    it("setIfAbsent sets only the first time", async () => {
      const { store, keys } = await fresh();
      const k = `${keys.prefix}nx`;
      expect(await store.setIfAbsent(k, "a", 10_000)).toBe(true);
      expect(await store.setIfAbsent(k, "b", 10_000)).toBe(false);
      expect(await store.get(k)).toBe("a");
    });

    it("execIf applies the batch only when the condition holds, on keys and hash fields", async () => {
      const { store, keys } = await fresh();
      const k = `${keys.prefix}cas`;
      const h = `${keys.prefix}cash`;
      expect(await store.execIf({ key: k, equals: "x" }, [{ op: "set", key: k, value: "y" }])).toBe(false);
      expect(await store.get(k)).toBeNull();
      expect(
        await store.execIf({ key: k, equals: null }, [
          { op: "set", key: k, value: "y" },
          { op: "sadd", key: h + "s", members: ["m"] },
        ]),
      ).toBe(true);
      expect(await store.smembers(h + "s")).toEqual(["m"]);
      expect(await store.execIf({ key: k, equals: "y" }, [{ op: "del", keys: [k] }])).toBe(true);
      expect(await store.get(k)).toBeNull();
      await store.exec([{ op: "hset", key: h, fields: { f: "1" } }]);
      expect(await store.execIf({ key: h, field: "f", equals: "2" }, [{ op: "hset", key: h, fields: { f: "3" } }])).toBe(false);
      expect(await store.execIf({ key: h, field: "f", equals: "1" }, [{ op: "hset", key: h, fields: { f: "3" } }])).toBe(true);
      expect(await store.hget(h, "f")).toBe("3");
    });

    it("sorted sets range and prune by score", async () => {
      const { store, keys } = await fresh();
      const z = `${keys.prefix}z`;
      await store.exec([
        { op: "zadd", key: z, score: 3, member: "c" },
        { op: "zadd", key: z, score: 1, member: "a" },
        { op: "zadd", key: z, score: 2, member: "b" },
      ]);
      expect(await store.zrangeByScore(z, 2, Number.POSITIVE_INFINITY)).toEqual(["b", "c"]);
      await store.exec([{ op: "zremRangeByScore", key: z, min: Number.NEGATIVE_INFINITY, max: 2 }]);
      expect(await store.zrangeByScore(z, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toEqual(["c"]);
    });

    it("listTake removes exactly what it returns, oldest first", async () => {
      const { store, keys } = await fresh();
      const l = `${keys.prefix}l`;
      await store.exec([{ op: "rpush", key: l, values: ["1", "2", "3"] }]);
      expect(await store.listTake(l, 2)).toEqual(["1", "2"]);
      await store.exec([{ op: "rpush", key: l, values: ["4"] }]);
      expect(await store.listTake(l)).toEqual(["3", "4"]);
      expect(await store.listTake(l)).toEqual([]);
    });

    it("mget answers null for absent keys", async () => {
      const { store, keys } = await fresh();
      await store.exec([{ op: "set", key: `${keys.prefix}a`, value: "1" }]);
      expect(await store.mget([`${keys.prefix}a`, `${keys.prefix}missing`])).toEqual(["1", null]);
      expect(await store.mget([])).toEqual([]);
    });

    it("publishes to every subscriber of the channel until it unsubscribes", async () => {
      const { store, keys } = await fresh();
      const ch = `${keys.prefix}ch`;
      const got: string[] = [];
      const off = await store.subscribe(ch, (m) => got.push(m));
      await store.exec([{ op: "publish", channel: ch, message: "one" }]);
      await expect.poll(() => got).toEqual(["one"]);
      await off();
      await store.exec([{ op: "publish", channel: ch, message: "two" }]);
      await sleep(50);
      expect(got).toEqual(["one"]);
    });
  });

  describe("reliable queue", () => {
    it("delivers each entry once, in order, and forgets it after ack", async () => {
      const { store, keys } = await fresh();
      const q = `${keys.prefix}q`;
      const ids = await store.queuePush(q, ["a", "b", "c"]);
      expect(ids).toHaveLength(3);
      const first = await store.queueTake(q, "c1", { count: 2, blockMs: 0 });
      expect(first.map((e) => e.payload)).toEqual(["a", "b"]);
      const second = await store.queueTake(q, "c2", { count: 10, blockMs: 0 });
      expect(second.map((e) => e.payload)).toEqual(["c"]);
      expect(await store.queuePending(q)).toBe(3);
      expect(
        await store.queueAck(
          q,
          [...first, ...second].map((e) => e.id),
        ),
      ).toBe(3);
      expect(await store.queuePending(q)).toBe(0);
      expect(await store.queueTake(q, "c1", { count: 10, blockMs: 0 })).toEqual([]);
    });

    it("redelivers an entry taken and never acknowledged once it has been idle long enough", async () => {
      const { store, keys } = await fresh();
      const q = `${keys.prefix}q`;
      await store.queuePush(q, ["order-1"]);
      const [taken] = await store.queueTake(q, "crashed", { count: 1, blockMs: 0 });
      expect(await store.queueReclaim(q, "rescuer", { minIdleMs: 10_000, count: 10 })).toEqual([]);
      await sleep(120);
      const reclaimed = await store.queueReclaim(q, "rescuer", { minIdleMs: 100, count: 10 });
      expect(reclaimed).toEqual([taken]);
      expect(await store.queueAck(q, [taken!.id])).toBe(1);
      expect(await store.queueReclaim(q, "rescuer", { minIdleMs: 0, count: 10 })).toEqual([]);
    });

    it("a blocking take waits for a push, and gives up after blockMs when none comes", async () => {
      const { store, keys } = await fresh();
      const q = `${keys.prefix}q`;
      let started = Date.now();
      expect(await store.queueTake(q, "c", { count: 1, blockMs: 150 })).toEqual([]);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(140);
      expect(waited).toBeLessThan(1_500);
      started = Date.now();
      const taking = store.queueTake(q, "c", { count: 1, blockMs: 5_000 });
      await sleep(50);
      await store.queuePush(q, ["late"]);
      expect((await taking).map((e) => e.payload)).toEqual(["late"]);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
}
