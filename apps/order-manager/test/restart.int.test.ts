import { setTimeout as sleep } from "node:timers/promises";
import { isTerminalStatus, Position } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { redisUrl } from "@tradekit/test-services";
import { afterEach, describe, expect, it } from "vitest";
import { PaperVenue } from "../src/index.js";
import { ManagerProcess } from "./support/manager-process.js";
import { openWorld, type World } from "./support/world.js";

let world: World | undefined;
const processes: ManagerProcess[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) await p.kill();
  await world?.close();
  world = undefined;
});

const ARGS = [
  "--paper-max-fill",
  "0.01",
  "--paper-faults",
  "lose-ack=0.05,timeout=0.05",
  "--paper-balance",
  "USDT=10000000",
  "--reconcile-interval-ms",
  "1000",
  "--inflight-timeout-ms",
  "1000",
  "--lease-ttl-ms",
  "3000",
  "--reclaim-idle-ms",
  "1000",
];

function start(w: World, name: string): ManagerProcess {
  const p = new ManagerProcess(
    { TRADING_DATABASE_URL: w.testDb.url, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: w.prefix, DB_POOL_SIZE: "4" },
    ["--bot", String(w.botId), "--consumer", name, ...ARGS],
  );
  processes.push(p);
  return p;
}

/** Publishes a ticker every 20 ms around 50000 until stopped: the feed the managers' paper venue follows. */
function feed(w: World): () => Promise<void> {
  let on = true;
  const run = (async () => {
    for (let i = 0; on; i++) {
      await w.ticks.updateTicker("paper", { symbol: "BTC/USDT", last: String(50_000 + (i % 7) * 5), time: Date.now() });
      await sleep(20);
    }
  })();
  return async () => {
    on = false;
    await run;
  };
}

async function orderCounts(w: World): Promise<{ total: number; open: number }> {
  await using db = await DatabaseContext.open(w.database);
  const orders = await db.orders.getAllOrders({ botId: w.botId });
  await db.commit();
  return { total: orders.length, open: orders.filter((o) => !isTerminalStatus(o.status)).length };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const last = processes
        .at(-1)
        ?.lines.filter((l) => !/"level":30/.test(l) || /waiting|owns|lost|failed|unavailable/.test(l))
        .slice(-15)
        .join("\n");
      await using db = await DatabaseContext.open(world?.database);
      const rows = await db.execute("select status, count(*)::int n from orders group by status");
      await db.commit();
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(rows)}\n${last}`);
    }
    await sleep(200);
  }
}

/** Every order terminal, once; every venue fill booked once; positions = a replay of the fills; fills add up per order. */
async function expectConsistent(w: World, requests: number): Promise<void> {
  await using db = await DatabaseContext.open(w.database);
  const orders = await db.orders.getAllOrders({ botId: w.botId });
  const trades = await db.trades.getTrades({ exId: w.accountId });
  const snapshot = await db.positions.getPosition(w.accountId, "BTC/USDT");
  for (const o of orders) {
    const fills = await db.trades.getTradesForOrder(o.id as number);
    const sum = fills.reduce((s, t) => s.plus(t.volume), fills[0]?.volume.minus(fills[0].volume) ?? o.volume.minus(o.volume));
    expect(o.finalVolume?.toFixed() ?? "0", `fills of ${o.clientOrderId}`).toBe(sum.toFixed());
  }
  await db.commit();
  expect(orders).toHaveLength(requests);
  expect(new Set(orders.map((o) => o.clientOrderId)).size).toBe(requests);
  expect(orders.filter((o) => !isTerminalStatus(o.status))).toEqual([]);
  const venue = await PaperVenue.open({ accountId: w.accountId, store: w.store, keyPrefix: w.prefix });
  const venueFills = await venue.fillsSince(new Date(0));
  expect(trades.map((t) => t.exTradeId).sort()).toEqual(venueFills.map((f) => f.tradeId).sort());
  expect(trades.length).toBeGreaterThan(requests / 2);
  const replay = new Position({ symbol: "BTC/USDT", exId: w.accountId });
  for (const t of trades) replay.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
  expect(snapshot?.position.toDict()).toEqual(replay.toDict());
}

describe("manager processes", () => {
  it("after a SIGKILL in the middle of a stream of 300 requests, a restarted manager finishes every order exactly once", async () => {
    world = await openWorld("restart", { store: "redis" });
    const w = world;
    const stopFeed = feed(w);
    try {
      const first = start(w, "om-restart");
      await first.waitFor(/taking requests/);
      const requests = Array.from({ length: Number(process.env.OM_N ?? 300) }, (_, i) =>
        w.request({ side: i % 3 === 2 ? "sell" : "buy", volume: i % 3 === 2 ? "0.01" : "0.02", price: "50000" }),
      );
      for (let i = 0; i < requests.length; i += 30) await w.orders.pushNewOrders(requests.slice(i, i + 30));
      await until("a third of the orders", async () => (await orderCounts(w)).total >= 100);
      await first.kill();
      const second = start(w, "om-restart");
      await second.waitFor(/taking requests/);
      await until(
        "every order terminal",
        async () => {
          const c = await orderCounts(w);
          return c.total === 300 && c.open === 0;
        },
        90_000,
      );
      await expectConsistent(w, 300);
    } finally {
      await stopFeed();
    }
  });

  it("two managers for one bot: one owns it, the other waits, and takes over when the owner is killed", async () => {
    world = await openWorld("takeover", { store: "redis" });
    const w = world;
    const stopFeed = feed(w);
    try {
      const a = start(w, "om-a");
      await a.waitFor(/taking requests/);
      const b = start(w, "om-b");
      await b.waitFor(/is owned by .*waiting to take it over/);
      const requests = Array.from({ length: 60 }, () => w.request({ volume: "0.03" }));
      await w.orders.pushNewOrders(requests);
      await until("some orders", async () => (await orderCounts(w)).total >= 20);
      await a.kill();
      await b.waitFor(/taking requests/, 30_000);
      await until(
        "every order terminal",
        async () => {
          const c = await orderCounts(w);
          return c.total === 60 && c.open === 0;
        },
        60_000,
      );
      await expectConsistent(w, 60);
      expect(b.lines.some((l) => /taking requests/.test(l))).toBe(true);
    } finally {
      await stopFeed();
    }
  });
});
