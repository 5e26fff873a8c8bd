import { Decimal } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { afterEach, expect, it } from "vitest";
import { openWorld, type World } from "./support/world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

// The drawdown check follows the account's realized-PnL curve, read once per manager and then
// moved by each booking. A restarted manager whose first work is booking a losing fill must count
// that loss once.
it("a restarted manager's first booking, a loss, counts once in the drawdown check", async () => {
  world = await openWorld("drawdown", { store: "memory" });
  const w = world;
  await w.tick("50000");
  const first = w.manager();
  await first.start();
  await w.orders.pushNewOrder(w.request({ volume: "0.01" }));
  await first.drain();
  await w.tick("50000");
  await first.drain();
  const stop = w.request({ side: "sell", orderType: "stop", plimit: "49000", price: "50000", volume: "0.01" });
  await w.orders.pushNewOrder(stop);
  await first.drain();
  expect((await w.orders.getOrder("paper", stop.clientOrderId as string))?.status).toBe("open");
  await first.stop();

  const second = w.manager({}, { maxDrawdownPct: new Decimal("0.0001") });
  await second.start();
  await w.tick("48900");
  await second.drain();
  const probe = w.request({ volume: "0.01", price: "48900" });
  await w.orders.pushNewOrder(probe);
  await second.drain();
  const reasons = (await w.orders.getOrder("paper", probe.clientOrderId as string))?.data.reasons as string[];

  await using db = await DatabaseContext.open(w.database);
  const trades = await db.trades.getTrades({ exId: w.accountId });
  const balances = await db.balances.getByAccount(w.accountId);
  await db.commit();
  expect(trades.map((t) => t.side)).toEqual(["buy", "sell"]);
  const loss = (trades[1]?.result?.roi ?? new Decimal(0)).neg();
  expect(loss.gt(0)).toBe(true);
  const equity = (balances.find((b) => b.currency === "USDT")?.total ?? new Decimal(0)).plus(
    (balances.find((b) => b.currency === "BTC")?.total ?? new Decimal(0)).times(48900),
  );
  const expected = loss.div(equity.plus(loss)).times(100).toDecimalPlaces(4).toString();
  expect(reasons.find((r) => r.startsWith("drawdown"))).toBe(`drawdown ${expected} % from peak reached max drawdown 0.0001 %`);
  await second.stop();
});
