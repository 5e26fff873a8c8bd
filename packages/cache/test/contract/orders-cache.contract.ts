import { setTimeout as sleep } from "node:timers/promises";
import { InvalidOrderTransition, Order, ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { OrdersCache } from "../../src/index.js";
import type { ContextFactory } from "./store-contract.js";

/** The OrdersCache contract: the same results and expiry on every store. */
export function ordersCacheContract(fresh: ContextFactory): void {
  describe("OrdersCache", () => {
    it("queues new orders; an order taken and not acknowledged comes back to another consumer", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.pushNewOrder({ clientOrderId: "a", volume: "0.1" });
      await cache.pushNewOrder({ toDict: () => ({ clientOrderId: "b", volume: "0.2" }) });
      const taken = await cache.takeNewOrders("worker-1", { count: 10 });
      expect(taken.map((o) => o.order.clientOrderId)).toEqual(["a", "b"]);
      await cache.ackNewOrders([taken[0]!.id]);
      expect(await cache.pendingNewOrders()).toBe(1);
      await sleep(120);
      const again = await cache.takeNewOrders("worker-2", { reclaimIdleMs: 100 });
      expect(again.map((o) => o.order.clientOrderId)).toEqual(["b"]);
      await cache.ackNewOrders(again.map((o) => o.id));
      expect(await cache.pendingNewOrders()).toBe(0);
      expect(await cache.takeNewOrders("worker-2", { reclaimIdleMs: 0 })).toEqual([]);
    });

    it("a domain Order goes through the queue and comes back equal, decimals exact", async () => {
      const cache = new OrdersCache(await fresh());
      const order = Order.create({
        exchange: "binance",
        symbol: "BTC/USDT",
        orderType: "limit",
        side: "buy",
        volume: "0.00012345",
        price: "43250.123456789",
      });
      await cache.pushNewOrder(order);
      const [taken] = await cache.takeNewOrders("worker");
      const back = Order.fromDict(taken!.order);
      expect(back.toDict()).toEqual(order.toDict());
      expect(back.volume.toString()).toBe("0.00012345");
      await cache.ackNewOrders([taken!.id]);
    });

    it("each order expires on its own; the exchange's other orders stay", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.setOrder("binance", "1", { status: "open", data: { price: "100.5" } }, { ttlSeconds: 0.2 });
      await cache.setOrder("binance", "2", { status: "open" }, { ttlSeconds: 60 });
      await cache.setOrder("kraken", "1", { status: "filled" });
      expect((await cache.getOrders("binance")).map((o) => o.orderId).sort()).toEqual(["1", "2"]);
      expect((await cache.getOrder("binance", "1"))?.data.price).toBe("100.5");
      await sleep(300);
      expect(await cache.getOrder("binance", "1")).toBeNull();
      expect((await cache.getOrders("binance")).map((o) => o.orderId)).toEqual(["2"]);
      expect((await cache.getOrder("kraken", "1"))?.status).toBe("filled");
      await cache.deleteOrder("binance", "2");
      expect(await cache.getOrders("binance")).toEqual([]);
    });

    it("updateOrderStatus moves only from an expected status, else throws InvalidOrderTransition", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.updateOrderStatus("binance", "9", "submitted", { from: [null], data: { volume: "1" } });
      const open = await cache.updateOrderStatus("binance", "9", "open", { from: ["submitted"] });
      expect(open.data.volume).toBe("1");
      await expect(cache.updateOrderStatus("binance", "9", "filled", { from: ["partially_filled"] })).rejects.toBeInstanceOf(
        InvalidOrderTransition,
      );
      expect((await cache.getOrder("binance", "9"))?.status).toBe("open");
    });

    it("refuses a float in order data", async () => {
      const cache = new OrdersCache(await fresh());
      await expect(cache.setOrder("binance", "1", { status: "open", data: { price: 0.1 } })).rejects.toThrow(/order.data.price/);
      await expect(cache.takeNewOrders("w", { count: 0 })).rejects.toBeInstanceOf(ValidationError);
      await expect(cache.takeNewOrders("w", { blockMs: 1.5 })).rejects.toThrow(/blockMs/);
    });

    it("setOrder follows the domain status machine: filled -> new is refused, an unknown status is a ValidationError", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.setOrder("binance", "m1", { status: "filled", data: { filledVolume: "1" } });
      const back = await cache.setOrder("binance", "m1", { status: "new" }).catch((e: unknown) => e);
      expect(back).toBeInstanceOf(InvalidOrderTransition);
      expect((back as Error).message).toMatch(/filled.*new/);
      const bogus = await cache.setOrder("binance", "m2", { status: "bogus" }).catch((e: unknown) => e);
      expect(bogus).toBeInstanceOf(ValidationError);
      expect(bogus).toMatchObject({ field: "order.status" });
      expect(await cache.getOrder("binance", "m2")).toBeNull();
      expect((await cache.getOrder("binance", "m1"))?.status).toBe("filled");
      // a fill after a cancel is a late fill: the machine allows canceled -> filled, not canceled -> open
      await cache.setOrder("binance", "m3", { status: "canceled" });
      await expect(cache.setOrder("binance", "m3", { status: "open" })).rejects.toBeInstanceOf(InvalidOrderTransition);
      await cache.setOrder("binance", "m3", { status: "filled" });
      expect((await cache.getOrder("binance", "m3"))?.status).toBe("filled");
    });

    it("setOrder takes a newer state a writer coalesced (new -> filled) and rewrites a status with new data", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.setOrder("binance", "c1", { status: "new", data: { filledVolume: "0" } });
      // submitted, open and partially_filled happened in between: the writer kept only the newest
      await cache.setOrder("binance", "c1", { status: "partially_filled", data: { filledVolume: "0.4" } });
      await cache.setOrder("binance", "c1", { status: "partially_filled", data: { filledVolume: "0.7" } });
      await cache.setOrder("binance", "c1", { status: "filled", data: { filledVolume: "1" } });
      expect(await cache.getOrder("binance", "c1")).toMatchObject({ status: "filled", data: { filledVolume: "1" } });
      await cache.setOrder("binance", "c1", { status: "filled", data: { filledVolume: "1", fee: "0.1" } });
      expect((await cache.getOrder("binance", "c1"))?.data.fee).toBe("0.1");
    });

    it("updateOrderStatus and updateOrder apply the status machine like the repository", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.updateOrderStatus("binance", "u1", "submitted", { from: [null] });
      await cache.updateOrderStatus("binance", "u1", "filled", { from: ["submitted"] });
      // `from` allows it, the machine does not: filled -> new
      const back = await cache.updateOrderStatus("binance", "u1", "new", { from: ["filled"] }).catch((e: unknown) => e);
      expect(back).toBeInstanceOf(InvalidOrderTransition);
      const bogus = await cache.updateOrderStatus("binance", "u1", "bogus", { from: ["filled"] }).catch((e: unknown) => e);
      expect(bogus).toBeInstanceOf(ValidationError);
      const changed = await cache.updateOrder("binance", "u1", () => ({ status: "open" })).catch((e: unknown) => e);
      expect(changed).toBeInstanceOf(InvalidOrderTransition);
      expect((await cache.getOrder("binance", "u1"))?.status).toBe("filled");
      // one step at a time, as the repository: submitted -> open -> pending_cancel -> open (cancel failed)
      await cache.updateOrderStatus("binance", "u2", "submitted", { from: [null] });
      await cache.updateOrderStatus("binance", "u2", "open", { from: ["submitted"] });
      await cache.updateOrderStatus("binance", "u2", "pending_cancel", { from: ["open"] });
      await cache.updateOrderStatus("binance", "u2", "open", { from: ["pending_cancel"] });
      const skip = await cache.updateOrderStatus("binance", "u2", "denied", { from: ["open"] }).catch((e: unknown) => e);
      expect(skip).toBeInstanceOf(InvalidOrderTransition);
    });
  });
}
