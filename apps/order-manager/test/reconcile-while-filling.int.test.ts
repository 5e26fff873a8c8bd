import type { Decimal } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { afterEach, expect, it } from "vitest";
import { LossyVenue } from "./support/lossy-venue.js";
import { openWorld, type World } from "./support/world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A venue that fills an order while the reconciliation reads it: a ticker arrives in the middle. */
class BusyVenue extends LossyVenue {
  duringRead: (() => Promise<void>) | null = null;

  override async positions() {
    const work = this.duringRead;
    this.duringRead = null;
    await work?.();
    return super.positions();
  }
}

// The venue trades on while the reconciliation reads it. A read ahead of the books must not look
// like a mismatch (a halt), and the venue's balances, which already hold the new fill, must not be
// taken and then moved again by that fill's booking.
it("a fill made while the reconciliation reads the venue: no false halt, balances counted once", async () => {
  world = await openWorld("busy", { store: "memory", venue: { feeRate: "0.001" } });
  const w = world;
  const venue = new BusyVenue(w.venue);
  await w.tick("50000");
  const om = w.manager({}, {}, venue);
  await om.start();
  await w.orders.pushNewOrder(w.request({ volume: "0.02" }));
  await om.drain();
  venue.duringRead = () => w.tick("50100");
  const report = await om.reconcile();
  expect(report.issues).toEqual([]);
  expect(report.halted).toBe(false);
  await om.drain();
  await using db = await DatabaseContext.open(w.database);
  const balances = new Map((await db.balances.getByAccount(w.accountId)).map((b) => [b.currency, b.total.toFixed()]));
  const position = (await db.positions.getPosition(w.accountId, "BTC/USDT"))?.position.volume as Decimal;
  await db.commit();
  expect(Object.fromEntries(balances)).toEqual({ BTC: "0.02", USDT: "98996.998" });
  expect(position.toFixed()).toBe("0.02");
  expect(new Map((await w.venue.balances()).map((b) => [b.currency, b.total.toFixed()]))).toEqual(balances);
  await om.stop();
});
