import { DuplicateError, InvalidOrderTransition, NotFoundError, Order, type OrderInput } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotStrategyEntity, CatalogStrategyEntity } from "../src/entities/index.js";
import { DatabaseContext, withDatabase } from "../src/index.js";
import { createOwner, type Owner } from "./fixtures.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("OrderRepository", () => {
  let testDb: MigratedTestDatabase;
  let owner: Owner;
  const order = (changes: Partial<OrderInput> = {}) =>
    Order.create({
      botId: owner.botId,
      uid: owner.uid,
      exId: owner.exId,
      catExId: owner.catExId,
      exchange: "binance",
      symbol: "BTC/USDT",
      orderType: "limit",
      side: "buy",
      volume: "0.015",
      price: "67000.5",
      ...changes,
    });

  beforeAll(async () => {
    testDb = await openTestDatabase("orm_orders");
    owner = await createOwner("orders");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("saves an order and reads back an equal domain Order, decimals exact", async () => {
    const original = order({ stopLoss: "66000.123456789012345678", takeProfit: "70000", volume: "0.000000000000000001" });
    const saved = await withDatabase((db) => db.orders.saveOrder(original));
    expect(saved.id).toBeGreaterThan(0);
    const read = await withDatabase((db) => db.orders.getOrder(saved.id as number));
    expect(read).toBeInstanceOf(Order);
    expect(read.toDict()).toEqual({ ...original.toDict(), id: saved.id });
  });

  it("returns from saveOrder the order exactly as a read of its row gives it, every field set", async () => {
    const full = order({
      orderType: "stop_limit",
      volume: "1.500000",
      finalVolume: "0.25",
      price: "67000.5000",
      plimit: "66999.99",
      tick: "0.01",
      futures: true,
      leverage: "3",
      command: "open",
      reason: "a reason with ümlauts, quotes ' \" and a\nnewline",
      exOrderId: "venue-42",
      stopLoss: "1e-30",
      takeProfit: "123456789012345678901234567890.123456789",
      createdAt: new Date("2026-03-01T12:34:56.789Z"),
      updatedAt: new Date("2026-03-01T12:35:00.001Z"),
    });
    const saved = await withDatabase((db) => db.orders.saveOrder(full));
    const read = await withDatabase((db) => db.orders.getOrder(saved.id as number));
    expect(saved.toDict()).toEqual(read.toDict());
    expect(saved).toEqual(read);
  });

  it("refuses a second order with the same clientOrderId with DuplicateError", async () => {
    const first = order({ clientOrderId: "retry-1" });
    await withDatabase((db) => db.orders.saveOrder(first));
    await expect(withDatabase((db) => db.orders.saveOrder(order({ clientOrderId: "retry-1" })))).rejects.toBeInstanceOf(
      DuplicateError,
    );
    const all = await withDatabase((db) => db.orders.getAllOrders({ botId: owner.botId }));
    expect(all.filter((o) => o.clientOrderId === "retry-1")).toHaveLength(1);
  });

  it("moves status only along the status machine", async () => {
    const saved = await withDatabase((db) => db.orders.saveOrder(order()));
    const id = saved.id as number;
    const submitted = await withDatabase((db) => db.orders.updateOrderStatus(id, "submitted"));
    expect(submitted.status).toBe("submitted");
    const open = await withDatabase((db) => db.orders.updateOrderStatus(id, "open", "EX-42"));
    expect(open.exOrderId).toBe("EX-42");
    await expect(withDatabase((db) => db.orders.updateOrderStatus(id, "new"))).rejects.toBeInstanceOf(InvalidOrderTransition);
    await withDatabase((db) => db.orders.updateOrderStatus(id, "filled"));
    await expect(withDatabase((db) => db.orders.updateOrderStatus(id, "open"))).rejects.toBeInstanceOf(InvalidOrderTransition);
    expect((await withDatabase((db) => db.orders.getOrderByExOrderId(owner.exId, "EX-42"))).status).toBe("filled");
    await expect(withDatabase((db) => db.orders.updateOrderStatus(999_999, "open"))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("updates the final volume", async () => {
    const saved = await withDatabase((db) => db.orders.saveOrder(order()));
    const updated = await withDatabase((db) => db.orders.updateOrderFinalVolume(saved.id as number, "0.01"));
    expect(updated.finalVolume?.toFixed()).toBe("0.01");
  });

  it("lists open, last, today's and per-strategy orders; bulk status change is all or nothing", async () => {
    const other = await createOwner("orders-bulk");
    const mine = (changes: Partial<OrderInput> = {}) =>
      order({ botId: other.botId, uid: other.uid, exId: other.exId, catExId: other.catExId, ...changes });
    const ids = await withDatabase(async (db) => {
      const a = await db.orders.saveOrder(mine({ status: "open" }));
      const b = await db.orders.saveOrder(mine({ status: "partially_filled" }));
      const c = await db.orders.saveOrder(mine({ status: "filled" }));
      return [a.id, b.id, c.id];
    });
    const open = await withDatabase((db) => db.orders.getOpenOrders({ botId: other.botId }));
    expect(open.map((o) => o.id)).toEqual(ids.slice(0, 2));
    expect((await withDatabase((db) => db.orders.getLastOrder(other.botId)))?.id).toBe(ids[2]);
    expect((await withDatabase((db) => db.orders.getTodayOrders({ uid: other.uid }))).map((o) => o.id)).toEqual(ids);

    await withDatabase(async (db) => {
      const strategy = db.em.create(CatalogStrategyEntity, { name: "sma-cross" });
      db.em.create(BotStrategyEntity, { bot: other.botId, strategy });
    });
    expect((await withDatabase((db) => db.orders.getOrdersByStrategy("sma-cross"))).map((o) => o.id)).toEqual([...ids].reverse());

    // filled -> canceled is not allowed: nothing changes.
    await expect(withDatabase((db) => db.orders.updateOrdersStatus(other.botId, "canceled"))).rejects.toBeInstanceOf(
      InvalidOrderTransition,
    );
    expect((await withDatabase((db) => db.orders.getOpenOrders({ botId: other.botId }))).length).toBe(2);
    const changed = await withDatabase((db) =>
      db.orders.updateOrdersStatus(other.botId, "pending_cancel", ["open", "partially_filled"]),
    );
    expect(changed).toBe(2);
    const statuses = (await withDatabase((db) => db.orders.getAllOrders({ botId: other.botId }))).map((o) => o.status);
    expect(statuses.sort()).toEqual(["filled", "pending_cancel", "pending_cancel"]);
  });

  it("leaves nothing behind when the context ends without commit", async () => {
    const before = (await withDatabase((db) => db.orders.getAllOrders())).length;
    {
      await using db = await DatabaseContext.open();
      await db.orders.saveOrder(order());
    }
    expect((await withDatabase((db) => db.orders.getAllOrders())).length).toBe(before);
  });
});
