/** How an order is priced at the venue. */
export type OrderType = "market" | "limit" | "stop" | "stop_limit";
/** Which way an order or a fill goes. */
export type OrderSide = "buy" | "sell";

/** Every order type, for validation and pickers. */
export const ORDER_TYPES: readonly OrderType[] = Object.freeze(["market", "limit", "stop", "stop_limit"]);
/** Both sides. */
export const ORDER_SIDES: readonly OrderSide[] = Object.freeze(["buy", "sell"]);

/** True when `value` is one of ORDER_TYPES. */
export function isOrderType(value: unknown): value is OrderType {
  return typeof value === "string" && (ORDER_TYPES as readonly string[]).includes(value);
}

/** True when `value` is one of ORDER_SIDES. */
export function isOrderSide(value: unknown): value is OrderSide {
  return typeof value === "string" && (ORDER_SIDES as readonly string[]).includes(value);
}
