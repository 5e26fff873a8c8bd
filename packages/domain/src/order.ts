import type { Decimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { ORDER_KEYS, type OrderFields, type OrderInput, parseOrderInput } from "./order-input.js";
import { type OrderEvent, type OrderStatus, transitionOrder } from "./order-status.js";
import type { OrderSide, OrderType } from "./order-types.js";

/** An order as JSON-safe data: decimals as strings, dates as ISO 8601, absent values null. */
export type OrderDict = {
  [K in keyof OrderFields]: OrderFields[K] extends Decimal | Date | null ? string | null : OrderFields[K];
};

const KNOWN: ReadonlySet<string> = new Set(ORDER_KEYS);
const DECIMAL_KEYS = ["volume", "finalVolume", "price", "plimit", "tick", "leverage", "stopLoss", "takeProfit"] as const;
const DATE_KEYS = ["createdAt", "updatedAt"] as const;
// Names people bring from other tools, and what tradekit calls them.
const RENAMED: Readonly<Record<string, string>> = { amount: "volume", qty: "volume", quantity: "volume", type: "orderType" };

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const hintFor = (key: string): string => {
  const known = RENAMED[key] ?? (KNOWN.has(camel(key)) ? camel(key) : undefined);
  return known ? `"${key}" (use "${known}")` : `"${key}"`;
};

/** An order to trade on a venue; immutable, validated, always carrying a client order id. */
export class Order implements OrderFields {
  readonly id!: number | null;
  readonly botId!: number | null;
  readonly uid!: number | null;
  readonly exId!: number | null;
  readonly catExId!: number | null;
  readonly exchange!: string;
  readonly symbol!: string;
  readonly orderType!: OrderType;
  readonly side!: OrderSide;
  readonly volume!: Decimal;
  readonly finalVolume!: Decimal | null;
  /** Limit price (limit, stop_limit); reference price for market and stop orders when given. */
  readonly price!: Decimal | null;
  /** Trigger (stop) price of stop and stop_limit orders. */
  readonly plimit!: Decimal | null;
  readonly tick!: Decimal | null;
  readonly futures!: boolean;
  readonly leverage!: Decimal;
  readonly status!: OrderStatus;
  readonly command!: string | null;
  readonly reason!: string | null;
  readonly exOrderId!: string | null;
  /** Unique per order, so a retried submission never creates a second order at the venue. */
  readonly clientOrderId!: string;
  readonly stopLoss!: Decimal | null;
  readonly takeProfit!: Decimal | null;
  readonly createdAt!: Date;
  readonly updatedAt!: Date;

  private constructor(fields: OrderFields) {
    Object.assign(this, fields);
    Object.freeze(this);
  }

  /** Validates `input`: volume > 0, prices as the order type needs, exits on the right side, leverage > 0. */
  static create(input: OrderInput): Order {
    return new Order(parseOrderInput(input));
  }

  /** Reads what toDict wrote (or the same keys from JSON); unknown keys are refused by name. */
  static fromDict(dict: Record<string, unknown>): Order {
    if (dict === null || typeof dict !== "object")
      throw ValidationError.invalid("order", dict, "an object with the order fields");
    const unknown = Object.keys(dict).filter((k) => !KNOWN.has(k));
    if (unknown.length > 0) {
      throw new ValidationError(`unknown order field${unknown.length === 1 ? "" : "s"} ${unknown.map(hintFor).join(", ")}`, {
        field: unknown[0],
        value: dict[unknown[0] as string],
      });
    }
    const input: Record<string, unknown> = { ...dict };
    for (const key of DATE_KEYS) if (input[key] === null) delete input[key];
    for (const key of ["clientOrderId", "status", "futures", "leverage"] as const) if (input[key] === null) delete input[key];
    return Order.create(input as unknown as OrderInput);
  }

  /** JSON-safe form: decimals as strings, dates ISO 8601, every key present. */
  toDict(): OrderDict {
    const out: Record<string, unknown> = { ...(this as OrderFields) };
    for (const key of DECIMAL_KEYS) out[key] = this[key]?.toString() ?? null;
    for (const key of DATE_KEYS) out[key] = this[key].toISOString();
    return out as OrderDict;
  }

  /** The fields as an OrderInput, for create() or with(). */
  toInput(): OrderInput {
    return { ...this };
  }

  /** A validated copy with `changes` applied. */
  with(changes: Partial<OrderInput>): Order {
    return Order.create({ ...this.toInput(), ...changes });
  }

  /** A copy in the status `event` leads to (see transitionOrder), stamped `at`. Throws InvalidOrderTransition. */
  transition(event: OrderEvent, options: { previous?: OrderStatus; at?: Date } = {}): Order {
    const status = transitionOrder(this.status, event, options.previous);
    return new Order({ ...this, status, updatedAt: options.at ?? new Date() });
  }
}
