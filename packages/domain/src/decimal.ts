import { Decimal as DecimalJs } from "decimal.js";
import { ValidationError } from "./errors.js";

/**
 * The one exact number type of tradekit (decimal.js). 40 significant digits, so divisions
 * (average prices, fee shares, percentages) keep at least the 28 that DESIGN.md §4 asks for;
 * additions and subtractions of prices and quantities are always exact.
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

/** What an API accepts for a price, volume, fee or PnL. */
export type DecimalInput = string | number | Decimal | DecimalJs;

const LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads a decimal from `value`: a string decimal literal, a finite number (taken from its
 * shortest round-trip string, so 0.1 is exactly 0.1) or a Decimal. Anything else, NaN and
 * infinities included, throws a ValidationError naming `field`.
 */
export function toDecimal(value: DecimalInput, field = "value"): Decimal {
  if (value instanceof Decimal) {
    if (!value.isFinite()) throw ValidationError.invalid(field, value.toString(), "a finite decimal");
    return value;
  }
  if (DecimalJs.isDecimal(value)) {
    const d = new Decimal(value.toString());
    if (!d.isFinite()) throw ValidationError.invalid(field, value.toString(), "a finite decimal");
    return d;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw ValidationError.invalid(field, value, "a finite number");
    return new Decimal(String(value));
  }
  if (typeof value === "string") {
    const s = value.trim();
    if (!LITERAL.test(s)) throw ValidationError.invalid(field, value, 'a decimal number such as "0.015"');
    return new Decimal(s);
  }
  throw ValidationError.invalid(field, value, "a decimal given as a string, a number or a Decimal");
}

/** Like toDecimal, and the result must be > 0. */
export function toPositiveDecimal(value: DecimalInput, field = "value"): Decimal {
  const d = toDecimal(value, field);
  if (!d.gt(0)) throw ValidationError.invalid(field, value instanceof DecimalJs ? value.toString() : value, "greater than 0");
  return d;
}

/** Like toDecimal, and the result must be >= 0. */
export function toNonNegativeDecimal(value: DecimalInput, field = "value"): Decimal {
  const d = toDecimal(value, field);
  if (d.isNeg() && !d.isZero())
    throw ValidationError.invalid(field, value instanceof DecimalJs ? value.toString() : value, "0 or more");
  return d;
}

/** True when `value` is a Decimal (of any decimal.js clone). */
export function isDecimal(value: unknown): value is Decimal {
  return DecimalJs.isDecimal(value);
}
