import { Position } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { afterEach, expect, it } from "vitest";
import { LossyVenue } from "./support/lossy-venue.js";
import { openWorld, type World } from "./support/world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function books(w: World) {
  await using db = await DatabaseContext.open(w.database);
  const trades = await db.trades.getTrades({ exId: w.accountId, symbol: "BTC/USDT" });
  const snapshot = await db.positions.getPosition(w.accountId, "BTC/USDT");
  await db.commit();
  const replay = new Position({ symbol: "BTC/USDT", exId: w.accountId });
  for (const t of trades) replay.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
  return { trades, snapshot, replay };
}

// The bench's shape: hundreds of small market orders filled at one ticker, so one booking carries
// a few hundred fills of the same time, and the next ticker (same time again) continues the
// stream's checkpoint. The snapshot must equal a replay of the stored fills and the venue's position.
it("200 fills of one ticker booked at once, then 200 more at the same time: snapshot = replay = venue", async () => {
  world = await openWorld("same_time", { store: "memory", poolSize: 1 });
  const w = world;
  await w.tick("50000");
  const om = w.manager({ batchSize: 100 });
  await om.start();
  const at = w.clock.now().getTime() + 1_000;
  for (const round of [1, 2]) {
    const requests = Array.from({ length: 200 }, () => w.request({ volume: "0.001" }));
    await w.orders.pushNewOrders(requests);
    await om.drain();
    await w.tick(round === 1 ? "50000" : "50010", { at });
    await om.drain();
    const { trades, snapshot, replay } = await books(w);
    expect(trades).toHaveLength(200 * round);
    expect(new Set(trades.map((t) => t.time.getTime()))).toEqual(new Set([at]));
    expect(snapshot?.position.toDict()).toEqual(replay.toDict());
    expect(snapshot?.position.volume.toFixed()).toBe(round === 1 ? "0.2" : "0.4");
    expect(trades.at(-1)?.result?.curVolume.toFixed()).toBe(snapshot?.position.volume.toFixed());
    const venue = await w.venue.positions();
    expect(venue.map((p) => [p.symbol, p.volume.toFixed()])).toEqual([["BTC/USDT", snapshot?.position.volume.toFixed()]]);
    const report = await om.reconcile();
    expect(report.halted).toBe(false);
    expect(report.issues).toEqual([]);
  }
  await om.stop();
});

// A fill the event feed lost is booked later by the reconciliation, after fills that came after it.
// saveTrades recomputes the stream in time order; the snapshot must follow, not just add the late
// fill on top (same volume at the end, but FIFO closed a different lot).
it("a late fill older than booked ones, found by the reconciliation: snapshot = replay", async () => {
  world = await openWorld("late_fill", { store: "memory" });
  const w = world;
  const venue = new LossyVenue(w.venue);
  await w.tick("50000");
  const om = w.manager({}, {}, venue);
  await om.start();
  const first = w.request({ volume: "0.01", price: "50000" });
  venue.lost.add(first.clientOrderId as string);
  await w.orders.pushNewOrder(first);
  await om.drain();
  await w.tick("50100");
  await om.drain();
  const second = w.request({ volume: "0.01", price: "50100" });
  await w.orders.pushNewOrder(second);
  await om.drain();
  await w.tick("49900");
  await om.drain();
  const sell = w.request({ side: "sell", volume: "0.01", price: "49900" });
  await w.orders.pushNewOrder(sell);
  await om.drain();
  await w.tick("50000");
  await om.drain();
  expect((await books(w)).trades).toHaveLength(2);
  const report = await om.reconcile();
  expect(report.missedFills).toBe(1);
  const { trades, snapshot, replay } = await books(w);
  expect(trades.map((t) => t.price.toFixed())).toEqual(["50100", "49900", "50000"]);
  expect(snapshot?.position.toDict()).toEqual(replay.toDict());
  expect(snapshot?.position.openCost.toFixed()).toBe("499");
  expect((await w.orders.getOrder("paper", first.clientOrderId as string))?.status).toBe("filled");
  await om.stop();
});
