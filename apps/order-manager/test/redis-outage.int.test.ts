import { setTimeout as sleep } from "node:timers/promises";
import { isTerminalStatus, Position } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { OwnRedis } from "./support/own-redis.js";
import { openWorld, type World } from "./support/world.js";

let redis: OwnRedis;
let world: World;
beforeAll(async () => {
  redis = await OwnRedis.start();
  world = await openWorld("outage", { store: "redis", redis: redis.url });
});
afterAll(async () => {
  redis?.resume();
  await world?.close();
  await redis?.stop();
});

it("Redis stopped for a few seconds: the manager reports it, commits no half-done work and carries on", async () => {
  const w = world;
  w.clock.set(Date.now());
  let clockOn = true;
  const clockRun = (async () => {
    while (clockOn) {
      w.clock.set(Date.now());
      await w.tick(String(50_000 + Math.floor(Math.random() * 10))).catch(() => undefined);
      await sleep(30);
    }
  })();
  const om = w.manager({ manual: false, inflightTimeoutMs: 500, reconcileIntervalMs: 500, leaseTtlMs: 20_000, blockMs: 50 });
  try {
    await om.start();
    const first = Array.from({ length: 20 }, () => w.request({ volume: "0.01" }));
    await w.orders.pushNewOrders(first);
    await sleep(500);
    redis.freeze();
    let reported = false;
    for (let i = 0; i < 40 && !reported; i++) {
      await sleep(100);
      reported = (await om.status()).health.cache === "down";
    }
    await sleep(3_000);
    const during = await om.status();
    redis.resume();
    expect(reported || during.health.cache === "down").toBe(true);
    const second = Array.from({ length: 20 }, () => w.request({ volume: "0.01" }));
    await w.orders.pushNewOrders(second);
    const deadline = Date.now() + 60_000;
    for (;;) {
      await using db = await DatabaseContext.open(w.database);
      const orders = await db.orders.getAllOrders({ botId: w.botId });
      await db.commit();
      if (orders.length === 40 && orders.every((o) => isTerminalStatus(o.status))) break;
      if (Date.now() > deadline) throw new Error(`orders not finished: ${orders.map((o) => o.status).join(",")}`);
      await sleep(200);
    }
    expect((await om.status()).health.cache).toBe("ok");
    await using db = await DatabaseContext.open(w.database);
    const trades = await db.trades.getTrades({ exId: w.accountId });
    const orders = await db.orders.getAllOrders({ botId: w.botId });
    const snapshot = await db.positions.getPosition(w.accountId, "BTC/USDT");
    await db.commit();
    expect(new Set(orders.map((o) => o.clientOrderId)).size).toBe(40);
    const venueFills = await w.venue.fillsSince(new Date(0));
    expect(trades.map((t) => t.exTradeId).sort()).toEqual(venueFills.map((f) => f.tradeId).sort());
    const replay = new Position({ symbol: "BTC/USDT", exId: w.accountId });
    for (const t of trades) replay.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
    expect(snapshot?.position.toDict()).toEqual(replay.toDict());
    for (const o of orders.filter((x) => x.status === "filled")) expect(o.finalVolume?.toFixed()).toBe(o.volume.toFixed());
  } finally {
    clockOn = false;
    await clockRun;
    await om.stop();
  }
});
