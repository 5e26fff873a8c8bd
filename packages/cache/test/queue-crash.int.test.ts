import { execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ensureRedis, redisUrl } from "@tradekit/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyLayout, type NewOrder, OrdersCache } from "../src/index.js";
import { RedisFixture } from "./support/redis-fixture.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const consumerScript = fileURLToPath(new URL("./support/crashing-consumer.ts", import.meta.url));

describe("a consumer crashing between take and ack", () => {
  const redis = new RedisFixture("cache_queue_crash");
  beforeAll(ensureRedis);
  afterAll(() => redis.close());

  it("the order taken by a process killed before its ack is delivered again to another consumer", async () => {
    const keys = new KeyLayout(`${redis.prefix}proc:`);
    const survivor = new OrdersCache({ store: await redis.connect(), keys });
    await survivor.pushNewOrders([
      { clientOrderId: "o-1", volume: "0.5" },
      { clientOrderId: "o-2", volume: "1" },
    ]);

    const child = await run(process.execPath, ["--import", "tsx", consumerScript, redisUrl(), keys.prefix, "doomed"], {
      cwd: packageDir,
    }).catch((error) => error);
    expect(child.signal).toBe("SIGKILL");
    const takenByDead = JSON.parse(child.stdout) as NewOrder[];
    expect(takenByDead.map((o) => o.order.clientOrderId)).toEqual(["o-1", "o-2"]);

    // Not yet idle long enough: nobody else gets them, and they are not handed out as new.
    expect(await survivor.takeNewOrders("rescuer", { reclaimIdleMs: 60_000 })).toEqual([]);
    expect(await survivor.pendingNewOrders()).toBe(2);
    await sleep(300);
    const again = await survivor.takeNewOrders("rescuer", { reclaimIdleMs: 250 });
    expect(again).toEqual(takenByDead);
    expect(await survivor.ackNewOrders(again.map((o) => o.id))).toBe(2);
    expect(await survivor.pendingNewOrders()).toBe(0);
    expect(await survivor.takeNewOrders("rescuer", { reclaimIdleMs: 0 })).toEqual([]);
  });

  it("a consumer whose connection drops without ack loses nothing", async () => {
    const keys = new KeyLayout(`${redis.prefix}conn:`);
    const doomed = await redis.connect();
    const orders = new OrdersCache({ store: doomed, keys });
    await orders.pushNewOrder({ clientOrderId: "o-3" });
    expect((await orders.takeNewOrders("doomed")).map((o) => o.order.clientOrderId)).toEqual(["o-3"]);
    doomed.client.disconnect();

    const survivor = new OrdersCache({ store: await redis.connect(), keys });
    await sleep(150);
    const again = await survivor.takeNewOrders("rescuer", { reclaimIdleMs: 100 });
    expect(again.map((o) => o.order.clientOrderId)).toEqual(["o-3"]);
    await survivor.ackNewOrders(again.map((o) => o.id));
    expect(await survivor.pendingNewOrders()).toBe(0);
  });
});
