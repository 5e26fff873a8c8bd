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
 *
 * What remains of a lot is derived from the amounts it was stated with, never from the previous
 * remainder, so roundings cannot pile up: its fee is baseFee x |qty| / |baseQty| and (an average
 * lot after a merge) its cost baseCost x |qty| / |baseQty|, each rounded once to 40 significant
 * digits — exactly the fee (cost) itself whenever that is a short decimal. The base is the trade
 * that opened the lot (its whole volume and fee, also for the rest of a flip), or the lot as it
 * stood right after an `average` merge.
 */
export interface OpenLot {
  qty: Exact;
  price: Exact;
  cost: Exact | null;
  fee: Exact;
  /** Signed like qty, |baseQty| >= |qty|. */
  baseQty: Exact;
  baseFee: Exact;
  /** The cost basis at baseQty; null when cost is. */
  baseCost: Exact | null;
}
