import { DatabaseContext } from "@tradekit/orm";
import { afterEach, expect, it } from "vitest";
import { openWorld, type World } from "./support/world.js";

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

/** One replay on the replay clock: requests between ticks, every step drained. */
async function replay(label: string) {
  const w = await openWorld(label, {
    store: "memory",
    poolSize: 1,
    venue: { maxFillPerTicker: "0.01", maxSlippageBps: 5, seed: 7, feeRate: "0.001" },
  });
  worlds.push(w);
  await w.tick("50000");
  const om = w.manager();
  await om.start();
  const steps: [string, Record<string, unknown>[]][] = [
    ["50000", [w.request({ clientOrderId: "det-1", volume: "0.025" })]],
    ["50050", [w.request({ clientOrderId: "det-2", orderType: "limit", price: "49900", volume: "0.01" })]],
    ["49950", []],
    ["49880", [w.request({ clientOrderId: "det-3", side: "sell", volume: "0.02", price: "49880" })]],
    ["50100", []],
    ["50120", [w.request({ clientOrderId: "det-4", side: "sell", orderType: "limit", price: "50200", volume: "0.015" })]],
    ["50210", []],
    ["50230", []],
  ];
  for (const [price, requests] of steps) {
    if (requests.length > 0) await w.orders.pushNewOrders(requests);
    await om.drain();
    await w.tick(price);
    await om.drain();
  }
  await om.stop();
  await using db = await DatabaseContext.open(w.database);
  const trades = (await db.trades.getTrades({ exId: w.accountId })).map((t) => ({
    ...t.toDict(),
    id: t.id,
    result: JSON.parse(JSON.stringify(t.result)) as Record<string, string> | null,
  }));
  const positions = (await db.positions.getOpenPositions(w.accountId)).map((p) => p.position.toDict());
  const balances = (await db.balances.getByAccount(w.accountId)).map((b) => ({
    ...b,
    free: b.free.toFixed(),
    total: b.total.toFixed(),
  }));
  const day = await db.dailyStats.get(w.accountId, "2024-03-01");
  const orders = (await db.orders.getAllOrders({ botId: w.botId })).map((o) => ({
    clientOrderId: o.clientOrderId,
    status: o.status,
    volume: o.volume.toFixed(),
    finalVolume: o.finalVolume?.toFixed() ?? null,
    exOrderId: o.exOrderId,
    createdAt: o.createdAt.toISOString(),
  }));
  await db.commit();
  return {
    trades,
    positions,
    balances,
    day: { pnl: day.realizedPnl.toFixed(), fees: day.fees.toFixed(), trades: day.tradeCount, orders: day.orderCount },
    orders,
  };
}

// A backtest is the paper venue on the replay clock: the same input must store the same trades
// (prices with their seeded slippage, fees, PnL of every fill), positions, balances and daily
// statistics, to the last digit.
it("the same replay twice stores the same trades, PnL, positions, balances and statistics", async () => {
  const a = await replay("det_a");
  const b = await replay("det_b");
  expect(a.trades.length).toBeGreaterThanOrEqual(8);
  expect(a.orders.map((o) => o.status)).toEqual(["filled", "filled", "filled", "filled"]);
  expect(a.trades.filter((t) => t.result?.roi !== undefined && t.result.roi !== "0").length).toBeGreaterThan(0);
  expect(b).toEqual(a);
});
