import { type Decimal, type DecimalInput, toAmount, toPositiveAmount, toPositiveDecimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { mul } from "./exact.js";
import { isOrderSide, isOrderType, ORDER_SIDES, ORDER_TYPES, type OrderSide, type OrderType } from "./order-types.js";
import { type TradeResult, type TradeResultDict, toTradeResult, tradeResultToDict } from "./trade-result.js";
import { toUtcDate } from "./utc-time.js";

/** The fields every fill (live Trade or DryTrade) has, validated. */
export interface FillFields {
  id: number | null;
  exOrderId: string | null;
  uid: number | null;
  catExId: number | null;
  symbol: string;
  orderType: OrderType | null;
  side: OrderSide;
  /** Unsigned; `side` gives the sign. */
  volume: Decimal;
  price: Decimal;
  /** volume x price unless given (an inverse contract states its own). */
  cost: Decimal;
  /** Negative for a rebate. */
  fee: Decimal;
  feeCurrency: string | null;
  leverage: Decimal;
  time: Date;
  result: TradeResult | null;
}

/** What a fill accepts for the shared fields. */
export interface FillInput {
  id?: number | null;
  exOrderId?: string | null;
  uid?: number | null;
  catExId?: number | null;
  symbol: string;
  orderType?: OrderType | null;
  side: OrderSide;
  /** > 0, unsigned: `side` gives the sign. */
  volume: DecimalInput;
  /** > 0. */
  price: DecimalInput;
  /** Default volume x price; an inverse contract may give its own. */
  cost?: DecimalInput | null;
  /** Default 0; negative for a rebate. */
  fee?: DecimalInput | null;
  feeCurrency?: string | null;
  /** Default 1. */
  leverage?: DecimalInput | null;
  time: Date | number | string;
  /** The derived roi/cur* fields, null until computed. */
  result?: TradeResult | null;
}

export const FILL_KEYS = [
  "id",
  "exOrderId",
  "uid",
  "catExId",
  "symbol",
  "orderType",
  "side",
  "volume",
  "price",
  "cost",
  "fee",
  "feeCurrency",
  "leverage",
  "time",
  "result",
] as const;

/** An integer id, or null when absent. */
export function optionalInt(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value)) throw ValidationError.invalid(field, value, "an integer id or null");
  return value as number;
}

/** A required integer id. */
export function requiredInt(value: unknown, field: string): number {
  const n = optionalInt(value, field);
  if (n === null) throw ValidationError.invalid(field, value, "an integer id");
  return n;
}

/** A non-empty string, or null when absent. */
export function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.trim() === "") throw ValidationError.invalid(field, value, "a non-empty string or null");
  return value;
}

/** A required non-empty string. */
export function requiredText(value: unknown, field: string): string {
  const s = optionalText(value, field);
  if (s === null) throw ValidationError.invalid(field, value, "a non-empty string");
  return s;
}

/** Validates the shared fill fields. */
export function readFillFields(input: FillInput): FillFields {
  if (!isOrderSide(input.side)) throw ValidationError.invalid("side", input.side, `one of ${ORDER_SIDES.join(", ")}`);
  const orderType = input.orderType ?? null;
  if (orderType !== null && !isOrderType(orderType))
    throw ValidationError.invalid("orderType", orderType, `one of ${ORDER_TYPES.join(", ")} or null`);
  const volume = toPositiveAmount(input.volume, "volume");
  const price = toPositiveAmount(input.price, "price");
  return {
    id: optionalInt(input.id, "id"),
    exOrderId: optionalText(input.exOrderId, "exOrderId"),
    uid: optionalInt(input.uid, "uid"),
    catExId: optionalInt(input.catExId, "catExId"),
    symbol: requiredText(input.symbol, "symbol"),
    orderType,
    side: input.side,
    volume,
    price,
    // the exact product (up to 80 digits for two amounts), where Decimal's times would round to 40;
    // a cost given may be such a product read back, so it is read as any decimal
    cost: input.cost === undefined || input.cost === null ? mul(volume, price) : toPositiveDecimal(input.cost, "cost"),
    fee: input.fee === undefined || input.fee === null ? toAmount(0) : toAmount(input.fee, "fee"),
    feeCurrency: optionalText(input.feeCurrency, "feeCurrency"),
    leverage:
      input.leverage === undefined || input.leverage === null ? toAmount(1) : toPositiveAmount(input.leverage, "leverage"),
    time: toUtcDate(input.time, "time"),
    result: input.result === undefined || input.result === null ? null : toTradeResult(input.result),
  };
}

/** The JSON-safe form of the shared fill fields. */
export interface FillDict {
  id: number | null;
  exOrderId: string | null;
  uid: number | null;
  catExId: number | null;
  symbol: string;
  orderType: OrderType | null;
  side: OrderSide;
  volume: string;
  price: string;
  cost: string;
  fee: string;
  feeCurrency: string | null;
  leverage: string;
  time: string;
  result: TradeResultDict | null;
}

/** `f` as JSON-safe data: decimals as exact strings, time as ISO 8601. */
export function fillFieldsToDict(f: FillFields): FillDict {
  return {
    id: f.id,
    exOrderId: f.exOrderId,
    uid: f.uid,
    catExId: f.catExId,
    symbol: f.symbol,
    orderType: f.orderType,
    side: f.side,
    volume: f.volume.toFixed(),
    price: f.price.toFixed(),
    cost: f.cost.toFixed(),
    fee: f.fee.toFixed(),
    feeCurrency: f.feeCurrency,
    leverage: f.leverage.toFixed(),
    time: f.time.toISOString(),
    result: f.result === null ? null : tradeResultToDict(f.result),
  };
}

// Names people bring from other tools, and what tradekit calls them.
const RENAMED: Readonly<Record<string, string>> = {
  amount: "volume",
  qty: "volume",
  quantity: "volume",
  type: "orderType",
  timestamp: "time",
};

/** Refuses keys of `dict` outside `known`, naming each (with the tradekit name when it is a known alias). */
export function rejectUnknownKeys(dict: unknown, known: readonly string[], entity: string): Record<string, unknown> {
  if (typeof dict !== "object" || dict === null || Array.isArray(dict))
    throw ValidationError.invalid(entity, dict, `an object with the ${entity} fields`);
  const record = dict as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    const named = unknown.map((k) => (RENAMED[k] ? `"${k}" (use "${RENAMED[k]}")` : `"${k}"`));
    throw new ValidationError(
      `unknown ${entity} field${unknown.length === 1 ? "" : "s"} ${named.join(", ")}; known fields: ${known.join(", ")}`,
      {
        field: unknown[0],
        value: record[unknown[0]!],
      },
    );
  }
  return record;
}
