import { Position } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { afterEach, describe, expect, it } from "vitest";
import { setKillSwitch } from "../src/index.js";
import { openWorld, type World } from "./support/world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function stored(w: World) {
  await using db = await DatabaseContext.open(w.database);
  const orders = await db.orders.getAllOrders({ botId: w.botId });
  const trades = await db.trades.getTrades({ exId: w.accountId });
  const positions = await db.positions.getOpenPositions(w.accountId);
  const balances = await db.balances.getByAccount(w.accountId);
  await db.commit();
  return { orders, trades, positions, balances };
}

describe.each(["memory", "redis"] as const)("the order path on the %s store, pool of one connection", (store) => {
  it("fills a market order at the next ticker and books trade, position, balances and the status cache", async () => {
    world = await openWorld(`flow_${store}`, { store, poolSize: 1, venue: { feeRate: "0.001" } });
    const w = world;
    await w.tick("50000");
    const om = w.manager();
    await om.start();
    const request = w.request({ volume: "0.02" });
    await w.orders.pushNewOrder(request);
    await om.drain();
    expect((await w.orders.getOrder("paper", request.clientOrderId as string))?.status).toBe("open");
    await w.tick("50100");
    await om.drain();
    const cached = await w.orders.getOrder("paper", request.clientOrderId as string);
    expect(cached?.status).toBe("filled");
    expect(cached?.data).toMatchObject({
      botId: w.botId,
      symbol: "BTC/USDT",
      side: "buy",
      volume: "0.02",
      filledVolume: "0.02",
      avgFillPrice: "50100",
      fee: "1.002",
      reasons: [],
    });
    const s = await stored(w);
    expect(s.orders.map((o) => o.status)).toEqual(["filled"]);
    expect(s.trades).toHaveLength(1);
    expect(s.trades[0]?.exOrderId).toBe(s.orders[0]?.exOrderId);
    expect(s.positions[0]?.position.volume.toFixed()).toBe("0.02");
    const usdt = s.balances.find((b) => b.currency === "USDT");
    expect(usdt?.total.toFixed()).toBe("98996.998");
    expect(s.balances.find((b) => b.currency === "BTC")?.total.toFixed()).toBe("0.02");
    expect((await w.accounts.getAccount(w.accountId))?.balances.get("USDT")?.total.toFixed()).toBe("98996.998");
    await om.stop();
  });

  it("fills a large order in parts, rests a limit order until the price trades through, and positions equal a replay", async () => {
    world = await openWorld(`parts_${store}`, { store, poolSize: 1, venue: { maxFillPerTicker: "0.01" } });
    const w = world;
    await w.tick("50000");
    const om = w.manager();
    await om.start();
    const big = w.request({ volume: "0.035" });
    const limit = w.request({ orderType: "limit", price: "49000", volume: "0.01" });
    await w.orders.pushNewOrders([big, limit]);
    await om.drain();
    for (const price of ["50010", "50020", "49500", "50030", "48900"]) {
      await w.tick(price);
      await om.drain();
    }
    const s = await stored(w);
    const byId = new Map(s.orders.map((o) => [o.clientOrderId, o]));
    expect(byId.get(big.clientOrderId as string)?.status).toBe("filled");
    expect(byId.get(limit.clientOrderId as string)?.status).toBe("filled");
    expect(s.trades.filter((t) => t.exOrderId === byId.get(big.clientOrderId as string)?.exOrderId)).toHaveLength(4);
    const limitFill = s.trades.find((t) => t.exOrderId === byId.get(limit.clientOrderId as string)?.exOrderId);
    expect(limitFill?.price.toFixed()).toBe("48900");
    const replay = new Position({ symbol: "BTC/USDT", exId: w.accountId });
    for (const t of s.trades) replay.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
    expect(s.positions[0]?.position.toDict()).toEqual(replay.toDict());
    const cached = await w.orders.getOrder("paper", big.clientOrderId as string);
    expect(cached?.data.filledVolume).toBe("0.035");
    await om.stop();
  });
});

describe("requests that must not trade", () => {
  it("denies bad requests with their reasons and changes nothing else", async () => {
    world = await openWorld("bad", { store: "memory" });
    const w = world;
    await w.tick("50000");
    const om = w.manager();
    await om.start();
    const before = await stored(w);
    // Requests that are domain Orders of this manager's bot: each becomes an order in denied with every reason.
    const unknown = w.request({ symbol: "DOGE/USDT" });
    const float = { ...w.request(), volume: 0.1 };
    const far = w.request({ orderType: "limit", price: "70000" });
    const everything = { ...w.request({ orderType: "limit", price: "70000", symbol: "DOGE/USDT" }), price: 70000 };
    const otherAccount = w.request({ exId: 999_999 });
    // Requests no valid Order can be built from: a status cache entry in denied and a system event, no orders row.
    const zero = { ...w.request(), volume: "0" };
    const negative = { ...w.request(), volume: "-1" };
    const nan = { ...w.request(), volume: "NaN" };
    const noPrice = { ...w.request(), orderType: "limit", price: null };
    const otherBot = w.request({ botId: 999_999 });
    const rows: Record<string, unknown>[] = [unknown, float, far, everything, otherAccount];
    const noRows: Record<string, unknown>[] = [zero, negative, nan, noPrice, otherBot];
    await w.orders.pushNewOrders([...rows, ...noRows]);
    await om.drain();
    const reasonsOf = async (r: Record<string, unknown>) =>
      (await w.orders.getOrder("paper", r.clientOrderId as string))?.data.reasons as string[];
    expect((await reasonsOf(unknown)).join()).toMatch(/unknown symbol DOGE\/USDT/);
    expect((await reasonsOf(zero)).join()).toMatch(/volume must be greater than 0/);
    expect((await reasonsOf(negative)).join()).toMatch(/volume must be greater than 0/);
    expect((await reasonsOf(nan)).join()).toMatch(/volume must be a decimal number/);
    expect((await reasonsOf(float)).join()).toMatch(/volume must be a decimal string/);
    expect((await reasonsOf(noPrice)).join()).toMatch(/needs its limit price/);
    expect((await reasonsOf(far)).join()).toMatch(/price 70000 is 40 % from the market 50000/);
    expect((await reasonsOf(otherAccount)).join()).toMatch(/exId 999999 is not the account/);
    expect((await reasonsOf(otherBot)).join()).toMatch(/bot 999999 is not served by this order manager/);
    const all = await reasonsOf(everything);
    expect(all).toHaveLength(3);
    expect(all.join("\n")).toMatch(
      /price must be a decimal string(.|\n)*unknown symbol DOGE\/USDT(.|\n)*no ticker for DOGE\/USDT/,
    );
    for (const r of [...rows, ...noRows])
      expect((await w.orders.getOrder("paper", r.clientOrderId as string))?.status).toBe("denied");
    {
      await using db = await DatabaseContext.open(w.database);
      const saved = new Map((await db.orders.getAllOrders()).map((o) => [o.clientOrderId, o]));
      for (const r of rows) {
        const order = saved.get(r.clientOrderId as string);
        expect(order?.status).toBe("denied");
        expect(order?.reason?.split("\n")).toEqual(await reasonsOf(r));
        expect(order?.botId).toBe(w.botId);
        expect(order?.uid).toBe(w.userId);
        expect(order?.createdAt).toEqual(new Date(r.createdAt as string));
        expect(order?.updatedAt).toEqual(w.clock.now());
      }
      expect(saved.get((float as Record<string, unknown>).clientOrderId as string)?.volume.toFixed()).toBe("0.1");
      expect(saved.get(otherAccount.clientOrderId as string)?.exId).toBeNull();
      for (const r of noRows) expect(saved.has(r.clientOrderId as string)).toBe(false);
      const events = await db.events.getRecentEvents({ type: "order_denied" });
      const denials = new Set(events.map((e) => e.details?.clientOrderId));
      for (const r of [...rows, ...noRows]) expect(denials.has(r.clientOrderId)).toBe(true);
      await db.commit();
    }
    {
      await using db = await DatabaseContext.open(w.database);
      await setKillSwitch(db, "halted", "drill", "test");
      await db.commit();
    }
    const halted = w.request();
    await w.orders.pushNewOrder(halted);
    await om.drain();
    expect((await reasonsOf(halted)).join()).toMatch(/kill switch is halted \(drill\)/);
    await w.tick("50010");
    await om.drain();
    const after = await stored(w);
    expect(after.trades).toEqual(before.trades);
    expect(after.positions).toEqual(before.positions);
    expect(after.balances.map((b) => [b.currency, b.total.toFixed()])).toEqual(
      before.balances.map((b) => [b.currency, b.total.toFixed()]),
    );
    expect(after.orders).toHaveLength(rows.length + 1);
    expect(after.orders.every((o) => o.status === "denied")).toBe(true);
    expect((await om.status()).stream.pending).toBe(0);
    await om.stop();
  });

  it("one request delivered twice is one order; a reducing_only switch passes only a shrinking order", async () => {
    world = await openWorld("dup", { store: "memory" });
    const w = world;
    await w.tick("50000");
    const om = w.manager();
    await om.start();
    const buy = w.request({ volume: "0.02" });
    await w.orders.pushNewOrders([buy, buy]);
    await om.drain();
    await w.tick("50000");
    await om.drain();
    {
      await using db = await DatabaseContext.open(w.database);
      await setKillSwitch(db, "reducing_only", "wind down", "test", { botId: w.botId });
      await db.commit();
    }
    const more = w.request({ volume: "0.01" });
    const less = w.request({ side: "sell", volume: "0.01", price: "50000" });
    await w.orders.pushNewOrders([more, less]);
    await om.drain();
    await w.tick("50000");
    await om.drain();
    expect((await w.orders.getOrder("paper", more.clientOrderId as string))?.status).toBe("denied");
    expect((await w.orders.getOrder("paper", less.clientOrderId as string))?.status).toBe("filled");
    const s = await stored(w);
    expect(s.orders.filter((o) => o.clientOrderId === buy.clientOrderId)).toHaveLength(1);
    expect(s.positions[0]?.position.volume.toFixed()).toBe("0.01");
    await om.stop();
  });

  it("a timed-out submission and a lost acknowledgement stay in flight until the reconciliation asks the venue", async () => {
    world = await openWorld("ambiguous", { store: "memory" });
    const w = world;
    await w.tick("50000");
    const om = w.manager({ inflightTimeoutMs: 1 });
    await om.start();
    w.venue.failNext("timeout");
    w.venue.failNext("lose-ack");
    const a = w.request();
    const b = w.request();
    await w.orders.pushNewOrders([a, b]);
    await om.drain();
    expect((await w.orders.getOrder("paper", a.clientOrderId as string))?.status).toBe("submitted");
    expect((await w.orders.getOrder("paper", b.clientOrderId as string))?.status).toBe("submitted");
    await w.tick("50000");
    await om.drain();
    expect((await w.orders.getOrder("paper", b.clientOrderId as string))?.status).toBe("filled");
    await new Promise((r) => setTimeout(r, 5));
    const report = await om.reconcile();
    expect(report.resolved).toBeGreaterThan(0);
    await w.tick("50000");
    await om.drain();
    expect((await w.orders.getOrder("paper", a.clientOrderId as string))?.status).toBe("filled");
    expect((await stored(w)).trades).toHaveLength(2);
    await om.stop();
  });
});
