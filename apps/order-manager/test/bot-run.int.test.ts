import { Decimal } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { afterEach, expect, it } from "vitest";
import { openWorld, type World } from "./support/world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it("the running bot run's totals follow its fills: count, realized PnL, max drawdown", async () => {
  world = await openWorld("bot_run", { store: "memory" });
  const w = world;
  // The orm starts a run at the server's now(): the fills come after it.
  w.clock.set(Date.now() + 60_000);
  {
    await using db = await DatabaseContext.open(w.database);
    await db.botRuns.start(w.botId);
    await db.commit();
  }
  await w.tick("50000");
  const om = w.manager();
  await om.start();
  for (const [request, price] of [
    [w.request({ volume: "0.02" }), "50000"],
    [w.request({ side: "sell", volume: "0.01", price: "50000" }), "50100"],
    [w.request({ side: "sell", volume: "0.01", price: "50100" }), "49800"],
  ] as const) {
    await w.orders.pushNewOrder(request);
    await om.drain();
    await w.tick(price);
    await om.drain();
  }
  await using db = await DatabaseContext.open(w.database);
  const trades = await db.trades.getTrades({ botId: w.botId });
  const run = await db.botRuns.findRunning(w.botId);
  await db.commit();
  expect(trades).toHaveLength(3);
  let cum = new Decimal(0);
  let peak = new Decimal(0);
  let dd = new Decimal(0);
  for (const t of trades) {
    cum = cum.plus(t.result?.roi ?? 0);
    peak = Decimal.max(peak, cum);
    dd = Decimal.max(dd, peak.minus(cum));
  }
  expect(dd.gt(0)).toBe(true);
  expect(run?.totalTrades).toBe(3);
  expect(run?.totalPnl.toFixed()).toBe(cum.toFixed());
  expect(run?.maxDrawdown.toFixed()).toBe(dd.toFixed());
  await om.stop();
});
