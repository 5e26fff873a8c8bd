import { randomUUID } from "node:crypto";
import { type Decimal, type DecimalInput, type toAmount, toNonNegativeAmount, toPositiveAmount } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { isOrderStatus, ORDER_STATUSES, type OrderStatus } from "./order-status.js";
import { isOrderSide, isOrderType, ORDER_SIDES, ORDER_TYPES, type OrderSide, type OrderType } from "./order-types.js";
import { toUtcDate } from "./utc-time.js";

/**
 * What Order.create accepts. Prices by order type:
 * - `price`: the limit price; required for limit and stop_limit. For market and stop orders it is
 *   optional and means the reference price the order was sized against.
 * - `plimit`: the trigger (stop) price; required for stop and stop_limit, refused for market and limit.
 */
export interface OrderInput {
  id?: number | null;
  botId?: number | null;
  uid?: number | null;
  exId?: number | null;
  catExId?: number | null;
  exchange: string;
  symbol: string;
  orderType: OrderType;
  side: OrderSide;
  volume: DecimalInput;
  finalVolume?: DecimalInput | null;
  price?: DecimalInput | null;
  plimit?: DecimalInput | null;
  tick?: DecimalInput | null;
  futures?: boolean;
  leverage?: DecimalInput;
  status?: OrderStatus;
  command?: string | null;
  reason?: string | null;
  exOrderId?: string | null;
  clientOrderId?: string;
  stopLoss?: DecimalInput | null;
  takeProfit?: DecimalInput | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** The validated fields of an Order. */
export interface OrderFields {
  id: number | null;
  botId: number | null;
  uid: number | null;
  exId: number | null;
  catExId: number | null;
  exchange: string;
  symbol: string;
  orderType: OrderType;
  side: OrderSide;
  volume: Decimal;
  finalVolume: Decimal | null;
  price: Decimal | null;
  plimit: Decimal | null;
  tick: Decimal | null;
  futures: boolean;
  leverage: Decimal;
  status: OrderStatus;
  command: string | null;
  reason: string | null;
  exOrderId: string | null;
  clientOrderId: string;
  stopLoss: Decimal | null;
  takeProfit: Decimal | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Every key of OrderInput, in the order toDict writes them. */
// biome-ignore format: a list of names reads best packed
export const ORDER_KEYS = Object.freeze([
  "id", "botId", "uid", "exId", "catExId", "exchange", "symbol", "orderType", "side", "volume", "finalVolume",
  "price", "plimit", "tick", "futures", "leverage", "status", "command", "reason", "exOrderId", "clientOrderId",
  "stopLoss", "takeProfit", "createdAt", "updatedAt",
] as const satisfies readonly (keyof OrderInput)[]);

const id = (value: unknown, field: string): number | null => {
  if (value == null) return null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  throw ValidationError.invalid(field, value, "a whole number > 0, or null");
};

const text = (value: unknown, field: string): string => {
  if (typeof value === "string" && value.trim() !== "") return value;
  throw ValidationError.invalid(field, value, "a non-empty string");
};

const optionalText = (value: unknown, field: string): string | null => (value == null ? null : text(value, field));

const oneOf = <T extends string>(value: unknown, field: string, all: readonly T[], is: (v: unknown) => v is T): T => {
  if (is(value)) return value;
  throw ValidationError.invalid(field, value, `one of ${all.join(", ")}`);
};

const optionalDecimal = (value: DecimalInput | null | undefined, field: string, read: typeof toAmount): Decimal | null =>
  value == null ? null : read(value, field);

/** Checks that stop-loss and take-profit sit on the side of `ref` that can make them trigger. */
function checkExits(f: OrderFields): void {
  const ref = f.price ?? f.plimit;
  if (ref === null) return;
  const buy = f.side === "buy";
  if (f.stopLoss && (buy ? !f.stopLoss.lt(ref) : !f.stopLoss.gt(ref))) {
    const where = buy ? "below" : "above";
    throw ValidationError.invalid("stopLoss", f.stopLoss.toString(), `${where} the price ${ref} of a ${f.side} order`);
  }
  if (f.takeProfit && (buy ? !f.takeProfit.gt(ref) : !f.takeProfit.lt(ref))) {
    const where = buy ? "above" : "below";
    throw ValidationError.invalid("takeProfit", f.takeProfit.toString(), `${where} the price ${ref} of a ${f.side} order`);
  }
}

/** Validates an OrderInput into OrderFields; throws a ValidationError naming the first bad field. */
export function parseOrderInput(input: OrderInput): OrderFields {
  if (input === null || typeof input !== "object")
    throw ValidationError.invalid("order", input, "an object with the order fields");
  const orderType = oneOf(input.orderType, "orderType", ORDER_TYPES, isOrderType);
  const futures = input.futures ?? false;
  if (typeof futures !== "boolean") throw ValidationError.invalid("futures", futures, "true or false");
  const createdAt = input.createdAt === undefined ? new Date() : toUtcDate(input.createdAt, "createdAt");
  const f: OrderFields = {
    id: id(input.id, "id"),
    botId: id(input.botId, "botId"),
    uid: id(input.uid, "uid"),
    exId: id(input.exId, "exId"),
    catExId: id(input.catExId, "catExId"),
    exchange: text(input.exchange, "exchange"),
    symbol: text(input.symbol, "symbol"),
    orderType,
    side: oneOf(input.side, "side", ORDER_SIDES, isOrderSide),
    volume: toPositiveAmount(input.volume, "volume"),
    finalVolume: optionalDecimal(input.finalVolume, "finalVolume", toNonNegativeAmount),
    price: optionalDecimal(input.price, "price", toPositiveAmount),
    plimit: optionalDecimal(input.plimit, "plimit", toPositiveAmount),
    tick: optionalDecimal(input.tick, "tick", toPositiveAmount),
    futures,
    leverage: toPositiveAmount(input.leverage ?? 1, "leverage"),
    status: input.status === undefined ? "new" : oneOf(input.status, "status", ORDER_STATUSES, isOrderStatus),
    command: optionalText(input.command, "command"),
    reason: optionalText(input.reason, "reason"),
    exOrderId: optionalText(input.exOrderId, "exOrderId"),
    clientOrderId: input.clientOrderId === undefined ? randomUUID() : text(input.clientOrderId, "clientOrderId"),
    stopLoss: optionalDecimal(input.stopLoss, "stopLoss", toPositiveAmount),
    takeProfit: optionalDecimal(input.takeProfit, "takeProfit", toPositiveAmount),
    createdAt,
    updatedAt: input.updatedAt === undefined ? createdAt : toUtcDate(input.updatedAt, "updatedAt"),
  };
  if ((orderType === "limit" || orderType === "stop_limit") && f.price === null) {
    throw ValidationError.invalid("price", input.price ?? null, `the limit price (> 0) of a ${orderType} order`);
  }
  if ((orderType === "stop" || orderType === "stop_limit") && f.plimit === null) {
    throw ValidationError.invalid("plimit", input.plimit ?? null, `the trigger price (> 0) of a ${orderType} order`);
  }
  if ((orderType === "market" || orderType === "limit") && f.plimit !== null) {
    const hint = "absent: plimit is the trigger price of stop and stop_limit orders";
    throw ValidationError.invalid("plimit", f.plimit.toString(), `${hint}, a ${orderType} order has none`);
  }
  checkExits(f);
  return f;
}
