import { isOrderStatus, ORDER_STATUSES, ValidationError } from "@tradekit/domain";

/** An order as the order status cache holds it: its status and the order's JSON-safe fields. */
export interface CachedOrder {
  exchange: string;
  orderId: string;
  status: string;
  /** The order's fields (for example `Order.toDict()`), decimals as exact strings. */
  data: Record<string, unknown>;
  updatedAt: Date;
}

/** What a write of the order status cache gives. */
export interface CachedOrderInput {
  status: string;
  data?: Record<string, unknown>;
}

interface StoredOrder {
  status: string;
  data: Record<string, unknown>;
  updatedAt: number;
}

/** The JSON stored for one order. */
export function encodeOrder(input: CachedOrderInput, updatedAt: number): string {
  if (!isOrderStatus(input.status)) {
    throw ValidationError.invalid("order.status", input.status, `an order status (one of ${ORDER_STATUSES.join(", ")})`);
  }
  const data = input.data ?? {};
  for (const [field, value] of Object.entries(data)) {
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      // A float here would be a price or volume that lost its exactness on the way in.
      throw ValidationError.invalid(`order.data.${field}`, value, "an exact decimal string (or an integer)");
    }
  }
  const stored: StoredOrder = { status: input.status, data, updatedAt };
  return JSON.stringify(stored);
}

/** A stored order back to its API form. */
export function decodeOrder(exchange: string, orderId: string, text: string): CachedOrder {
  const s = JSON.parse(text) as StoredOrder;
  return { exchange, orderId, status: s.status, data: s.data, updatedAt: new Date(s.updatedAt) };
}
