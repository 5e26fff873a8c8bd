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
  });
}
