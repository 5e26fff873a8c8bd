import type { Decimal } from "./decimal.js";
import type { Exact } from "./exact.js";

/** One open lot of a position: all open lots share the sign of the position. */
export interface Lot {
  /** Signed quantity: > 0 long, < 0 short. */
  readonly qty: Decimal;
  /** Entry price (for `average`, the quantity-weighted entry price, 40 significant digits). */
  readonly price: Decimal;
  /** Entry fees still carried by this lot (negative for a net rebate). */
  readonly fee: Decimal;
  /** Exact cost basis of the open quantity: |qty| x price, conserved to the last digit as parts close. */
  readonly cost: Decimal;
}

/**
 * The mutable lot the engine works on. `cost` keeps the cost basis exact when `price` is a
 * rounded average; null means exactly |qty| x price — a lot opened by one trade at its price,
 * however much of it has closed since — which the engine then never builds.
 */
export interface OpenLot {
  qty: Exact;
  price: Exact;
  cost: Exact | null;
  fee: Exact;
}
