import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import { InvalidOrderTransition, ValidationError } from "./errors.js";
import { Order } from "./order.js";
import type { OrderInput } from "./order-input.js";

const limitBuy: OrderInput = {
  exchange: "binance",
  symbol: "BTC/USDT",
  orderType: "limit",
  side: "buy",
  volume: "0.5",
  price: "67000",
};

const errorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
};

const full: OrderInput = {
  id: 7,
  botId: 3,
  uid: 11,
  exId: 2,
  catExId: 5,
  exchange: "bybit",
  symbol: "ETH/USDT:USDT",
  orderType: "stop_limit",
  side: "sell",
  volume: "1.25",
  finalVolume: "0.75",
  price: "3100.5",
  plimit: "3101",
  tick: "0.01",
  futures: true,
  leverage: "3",
  status: "partially_filled",
  command: "close",
  reason: "trailing stop",
  exOrderId: "123456789",
  clientOrderId: "tk-abc-1",
  stopLoss: "3300",
  takeProfit: "2900",
  createdAt: new Date("2024-03-05T13:45:00.123Z"),
  updatedAt: new Date("2024-03-05T13:46:00Z"),
};

describe("Order.create", () => {
  it("fills the defaults: status new, a fresh uuid client order id, leverage 1, spot, timestamps", () => {
    const a = Order.create(limitBuy);
    const b = Order.create(limitBuy);
    expect(a.status).toBe("new");
    expect(a.clientOrderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.clientOrderId).not.toBe(b.clientOrderId);
    expect(a.leverage.toString()).toBe("1");
    expect(a.futures).toBe(false);
    expect(a.id).toBeNull();
    expect(a.plimit).toBeNull();
    expect(a.updatedAt.getTime()).toBe(a.createdAt.getTime());
    expect(Math.abs(a.createdAt.getTime() - Date.now())).toBeLessThan(5000);
  });

  it("keeps every field, decimals exact", () => {
    const o = Order.create({ ...full, volume: 0.1 });
    expect(o.volume).toBeInstanceOf(Decimal);
    expect(o.volume.toString()).toBe("0.1");
    expect(o.price?.toString()).toBe("3100.5");
    expect(o.clientOrderId).toBe("tk-abc-1");
    expect(o.reason).toBe("trailing stop");
    expect(o.createdAt.toISOString()).toBe("2024-03-05T13:45:00.123Z");
  });

  it.each([
    [{ volume: "0" }, "volume", /volume must be greater than 0; got "0"/],
    [{ volume: -1 }, "volume", /greater than 0/],
    [{ volume: Number.NaN }, "volume", /finite/],
    [{ price: null }, "price", /price must be the limit price \(> 0\) of a limit order; got null/],
    [{ price: "-5" }, "price", /greater than 0/],
    [{ leverage: 0 }, "leverage", /leverage must be greater than 0/],
    [{ orderType: "stop_limit", plimit: "66000", price: undefined }, "price", /limit price \(> 0\) of a stop_limit order/],
    [{ orderType: "stop" }, "plimit", /plimit must be the trigger price \(> 0\) of a stop order; got null/],
    [{ orderType: "stop_limit" }, "plimit", /trigger price \(> 0\) of a stop_limit order/],
    [{ plimit: "66000" }, "plimit", /plimit is the trigger price of stop and stop_limit orders, a limit order has none/],
    [{ orderType: "market", plimit: "1" }, "plimit", /a market order has none/],
    [{ stopLoss: "67000" }, "stopLoss", /stopLoss must be below the price 67000 of a buy order; got "67000"/],
    [{ stopLoss: "68000" }, "stopLoss", /below the price/],
    [{ takeProfit: "66000" }, "takeProfit", /takeProfit must be above the price 67000 of a buy order/],
    [{ side: "sell", stopLoss: "66000" }, "stopLoss", /stopLoss must be above the price 67000 of a sell order/],
    [{ side: "sell", takeProfit: "68000" }, "takeProfit", /takeProfit must be below the price 67000 of a sell order/],
    [{ stopLoss: "0" }, "stopLoss", /greater than 0/],
    [{ side: "long" }, "side", /side must be one of buy, sell; got "long"/],
    [{ orderType: "trailing" }, "orderType", /orderType must be one of market, limit, stop, stop_limit/],
    [{ status: "cancelled" }, "status", /status must be one of new, denied, submitted/],
    [{ exchange: " " }, "exchange", /exchange must be a non-empty string/],
    [{ symbol: undefined }, "symbol", /symbol must be a non-empty string; got undefined/],
    [{ botId: 0 }, "botId", /botId must be a whole number > 0, or null; got 0/],
    [{ exId: 1.5 }, "exId", /whole number/],
    [{ finalVolume: "-0.1" }, "finalVolume", /0 or more/],
    [{ tick: "0" }, "tick", /greater than 0/],
    [{ futures: "yes" }, "futures", /true or false/],
    [{ clientOrderId: "" }, "clientOrderId", /non-empty string/],
    [{ createdAt: new Date("x") }, "createdAt", /createdAt must be/],
  ] as [Record<string, unknown>, string, RegExp][])("rejects %j, naming %s", (patch, field, message) => {
    const e = errorOf(() => Order.create({ ...limitBuy, ...patch } as OrderInput));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it("checks exits against the trigger price of a stop order, and accepts exits on the right side", () => {
    const stopBuy = { ...limitBuy, orderType: "stop", price: undefined, plimit: "70000" } as const;
    expect(() => Order.create({ ...stopBuy, stopLoss: "71000" })).toThrow(/below the price 70000/);
    expect(Order.create({ ...stopBuy, stopLoss: "69000", takeProfit: "75000" }).stopLoss?.toString()).toBe("69000");
    expect(Order.create({ ...limitBuy, side: "sell", stopLoss: "68000", takeProfit: "60000" }).takeProfit?.toString()).toBe(
      "60000",
    );
  });

  it("accepts a market order without any price; its exits are then not side-checked", () => {
    const o = Order.create({ ...limitBuy, orderType: "market", price: null, stopLoss: "1", takeProfit: "2" });
    expect(o.price).toBeNull();
  });

  it("is immutable", () => {
    const o = Order.create(limitBuy);
    expect(() => {
      (o as { status: string }).status = "filled";
    }).toThrow(TypeError);
  });
});

describe("toDict / fromDict", () => {
  it("round-trips every field through JSON", () => {
    const o = Order.create(full);
    const d = o.toDict();
    expect(Object.keys(d).sort()).toEqual(Object.keys(full).sort());
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(d.volume).toBe("1.25");
    expect(d.createdAt).toBe("2024-03-05T13:45:00.123Z");
    expect(d.futures).toBe(true);
    const back = Order.fromDict(JSON.parse(JSON.stringify(d)));
    expect(back.toDict()).toEqual(d);
    expect(back.volume.eq(o.volume)).toBe(true);
  });

  it("writes absent values as null and reads them back", () => {
    const d = Order.create(limitBuy).toDict();
    expect(d.plimit).toBeNull();
    expect(d.botId).toBeNull();
    expect(Order.fromDict(d).toDict()).toEqual(d);
  });

  it("refuses unknown keys by name and says amount is volume", () => {
    const e = errorOf(() => Order.fromDict({ ...Order.create(limitBuy).toDict(), amount: "1" }));
    expect(e.message).toBe('unknown order field "amount" (use "volume")');
    expect(e.field).toBe("amount");
    expect(() => Order.fromDict({ ...limitBuy, bot_id: 1, colour: "red" })).toThrow(
      'unknown order fields "bot_id" (use "botId"), "colour"',
    );
  });

  it("validates what it reads", () => {
    expect(() => Order.fromDict({ ...Order.create(limitBuy).toDict(), volume: "0" })).toThrow(/volume must be greater than 0/);
  });
});

describe("with / transition", () => {
  it("with() returns a validated copy and leaves the original alone", () => {
    const o = Order.create(limitBuy);
    const moved = o.with({ price: "66000", exOrderId: "x1" });
    expect(moved.price?.toString()).toBe("66000");
    expect(moved.clientOrderId).toBe(o.clientOrderId);
    expect(o.price?.toString()).toBe("67000");
    expect(() => o.with({ volume: "0" })).toThrow(ValidationError);
    expect(() => o.with({ stopLoss: "67500" })).toThrow(/stopLoss must be below/);
  });

  it("transition() moves through the status machine and stamps updatedAt", () => {
    const at = new Date("2024-03-05T14:00:00Z");
    const o = Order.create(limitBuy).transition("submit", { at }).transition("accept", { at });
    expect(o.status).toBe("open");
    expect(o.updatedAt).toEqual(at);
    const back = o.transition("request_cancel").transition("cancel_failed", { previous: "open" });
    expect(back.status).toBe("open");
    expect(() => o.transition("deny")).toThrow(InvalidOrderTransition);
  });
});
