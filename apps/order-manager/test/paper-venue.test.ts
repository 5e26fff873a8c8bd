import { MemoryStore } from "@tradekit/cache";
import { Order } from "@tradekit/domain";
import { expect, it } from "vitest";
import { PaperVenue, type VenueFill } from "../src/index.js";

const order = (clientOrderId: string) =>
  Order.create({ clientOrderId, exchange: "paper", symbol: "BTC/USDT", orderType: "market", side: "buy", volume: "0.01" });

// A journal write that timed out may still land, and a venue that reloads its journal then holds
// an order its memory never counted. Order (and so trade) ids must stay unique all the same.
it("orders recorded by a venue that did not know of each other keep distinct order and trade ids", async () => {
  const store = new MemoryStore();
  const options = { accountId: 7, store, keyPrefix: "t:", initialBalances: { USDT: "100000" } };
  const a = await PaperVenue.open(options);
  const b = await PaperVenue.open(options);
  const ackA = await a.submit(order("x"));
  const ackB = await b.submit(order("y"));
  expect(ackA.venueOrderId).not.toBe(ackB.venueOrderId);
  const reloaded = await PaperVenue.open(options);
  const fills: VenueFill[] = [];
  reloaded.onEvent((e) => {
    if (e.type === "fill") fills.push(e.fill);
  });
  await reloaded.onTicker({ symbol: "BTC/USDT", last: "50000", exchangeTime: new Date("2024-03-01T12:00:00Z") });
  expect(fills.map((f) => f.clientOrderId).sort()).toEqual(["x", "y"]);
  expect(new Set(fills.map((f) => f.tradeId)).size).toBe(2);
  expect((await reloaded.submit(order("x"))).venueOrderId).toBe(ackA.venueOrderId);
});

/** A memory store whose writes and reads fail while `down` (Redis gone for a moment). */
class FlakyStore extends MemoryStore {
  down = false;
  override exec(...args: Parameters<MemoryStore["exec"]>) {
    if (this.down) return Promise.reject(new Error("store down"));
    return super.exec(...args);
  }
  override hgetallMany(...args: Parameters<MemoryStore["hgetallMany"]>) {
    if (this.down) return Promise.reject(new Error("store down"));
    return super.hgetallMany(...args);
  }
}

// A ticker whose fills cannot be journaled did not happen: the venue forgets it whole (orders,
// wallet), and the next ticker makes the fill, reported once.
it("a ticker whose journal write fails leaves the venue as it was; the next one fills", async () => {
  const store = new FlakyStore();
  const venue = await PaperVenue.open({ accountId: 1, store, keyPrefix: "f:", initialBalances: { USDT: "1000" } });
  const fills: VenueFill[] = [];
  venue.onEvent((e) => {
    if (e.type === "fill") fills.push(e.fill);
  });
  await venue.submit(order("z"));
  store.down = true;
  await expect(venue.onTicker({ symbol: "BTC/USDT", last: "50000", exchangeTime: new Date(1_000) })).rejects.toThrow(/down/);
  store.down = false;
  expect(fills).toHaveLength(0);
  expect((await venue.getOrder("z"))?.status).toBe("open");
  expect((await venue.balances()).map((b) => [b.currency, b.total.toFixed()])).toEqual([["USDT", "1000"]]);
  await venue.onTicker({ symbol: "BTC/USDT", last: "50000", exchangeTime: new Date(2_000) });
  expect(fills.map((f) => [f.volume.toFixed(), f.time.getTime()])).toEqual([["0.01", 2_000]]);
  expect((await venue.positions()).map((p) => p.volume.toFixed())).toEqual(["0.01"]);
});
