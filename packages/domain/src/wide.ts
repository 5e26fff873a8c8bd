import { Decimal } from "./decimal.js";

/**
 * Accounting state is kept in a Decimal clone whose precision never binds, so sums, differences
 * and products of prices, quantities, costs and fee shares are exact however many digits they
 * need: a fee split into shares adds back to the fee to the last digit. Only divisions round,
 * through `quotient` (40 significant digits). Never call `.div` on a Wide value: it would try to
 * expand 1/3 to a billion digits. Values leave the accounting code through `publish`.
 */
const Wide = Decimal.clone({ precision: 1e9 });

/** A Decimal whose additions, subtractions and multiplications never round. */
export type Wide = Decimal & { readonly __wide?: never };

/** Exact zero of the accounting state. */
export const WIDE_ZERO: Wide = new Wide(0);
const HUNDRED = new Decimal(100);

/** `d` as a Wide (a copy only when it is not one already). */
export function wide(d: Decimal): Wide {
  return d.constructor === Wide ? d : new Wide(d);
}

/** `a / b` rounded to 40 significant digits (DESIGN.md §4: at least 28), as a Wide. */
export function quotient(a: Decimal, b: Decimal): Wide {
  return new Wide(Decimal.div(a, b));
}

/** `a / b * 100` rounded to 40 significant digits, 0 when `b` is 0. */
export function percentOf(a: Decimal, b: Decimal): Decimal {
  return b.isZero() ? new Decimal(0) : Decimal.div(a, b).times(HUNDRED);
}

/** `d` as a public 40-digit Decimal carrying all of its exact digits. */
export function publish(d: Decimal): Decimal {
  return new Decimal(d);
}

/** `a / b` as a public Decimal (40 significant digits), 0 when `b` is 0. */
export function ratio(a: Decimal, b: Decimal): Decimal {
  return b.isZero() ? new Decimal(0) : Decimal.div(a, b);
}
