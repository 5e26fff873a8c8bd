import { Decimal as DecimalJs } from "decimal.js";
import {
  AMOUNT_RANGE,
  DECIMAL_LIMITS,
  type DecimalRange,
  inRange,
  MAX_LITERAL_LENGTH,
  outOfRange,
  shown,
} from "./decimal-range.js";
import { ValidationError } from "./errors.js";

/**
 * The one exact number type of tradekit (decimal.js), with 40 significant digits.
 *
 * What is exact: every amount (AMOUNT_RANGE: at most 40 significant digits) is held as given;
 * Decimal's own arithmetic (plus, minus, times, div) rounds each result to 40 significant digits
 * half-even, so a sum or difference is exact whenever the result has at most 40 significant
 * digits — always, for amounts written with at most 20 digits on either side of the point whose
 * result stays below 10^20 — and a quotient keeps 40 digits (DESIGN.md §4 asks at least 28).
 * tradekit's own computations do not round: a fill's cost (volume x price), every Position figure
 * and trade statistics are exact whatever their length, divisions aside (40 digits half-even).
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

const text = (x: DecimalJs): string => x.toString(); // exponent notation past 40 digits: always short

function read(value: DecimalInput, field: string): Decimal {
  if (value instanceof Decimal) {
    if (!value.isFinite()) throw ValidationError.invalid(field, value.toString(), "a finite decimal");
    return value;
  }
  if (DecimalJs.isDecimal(value)) {
    if (!value.isFinite()) throw ValidationError.invalid(field, value.toString(), "a finite decimal");
    // its digits as they are, whatever that configuration's precision
    if (!inRange(value, DECIMAL_LIMITS)) throw outOfRange(field, text(value), DECIMAL_LIMITS, "a decimal");
    return new Decimal(value.toString());
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw ValidationError.invalid(field, value, "a finite number");
    return new Decimal(String(value));
  }
  if (typeof value === "string") {
    if (value.length > MAX_LITERAL_LENGTH)
      throw ValidationError.invalid(field, shown(value), `a decimal literal of at most ${MAX_LITERAL_LENGTH} characters`);
    const s = value.trim();
    if (!LITERAL.test(s)) throw ValidationError.invalid(field, shown(value), 'a decimal number such as "0.015"');
    return new Decimal(s);
  }
  throw ValidationError.invalid(field, value, "a decimal given as a string, a number or a Decimal");
}

function within(value: DecimalInput, field: string, range: DecimalRange, what: string): Decimal {
  const d = read(value, field);
  if (!inRange(d, range)) throw outOfRange(field, typeof value === "string" ? value : text(d), range, what);
  return d;
}

const show = (value: DecimalInput): unknown => (value instanceof DecimalJs ? value.toString() : shown(value));

/**
 * Reads a decimal from `value`: a string decimal literal, a finite number (taken from its
 * shortest round-trip string, so 0.1 is exactly 0.1) or a Decimal. Anything else, NaN and
 * infinities included, and anything beyond DECIMAL_LIMITS (such as "1e100000000", which would
 * print as a 100 MB string) throws a ValidationError naming `field`.
 */
export function toDecimal(value: DecimalInput, field = "value"): Decimal {
  return within(value, field, DECIMAL_LIMITS, "a decimal");
}

/** Like toDecimal, and the result must be > 0. */
export function toPositiveDecimal(value: DecimalInput, field = "value"): Decimal {
  const d = toDecimal(value, field);
  if (!d.gt(0)) throw ValidationError.invalid(field, show(value), "greater than 0");
  return d;
}

/** Like toDecimal, and the result must be >= 0. */
export function toNonNegativeDecimal(value: DecimalInput, field = "value"): Decimal {
  const d = toDecimal(value, field);
  if (d.isNeg() && !d.isZero()) throw ValidationError.invalid(field, show(value), "0 or more");
  return d;
}

/**
 * Reads an amount — a price, volume, fee, balance or limit — like toDecimal, and it must lie in
 * AMOUNT_RANGE (at most 40 significant digits; 0 or 10^-30 <= |x| < 10^30); a ValidationError
 * naming `field` otherwise.
 */
export function toAmount(value: DecimalInput, field = "value"): Decimal {
  return within(value, field, AMOUNT_RANGE, "an amount");
}

/** Like toAmount, and the result must be > 0. */
export function toPositiveAmount(value: DecimalInput, field = "value"): Decimal {
  const d = toAmount(value, field);
  if (!d.gt(0)) throw ValidationError.invalid(field, show(value), "greater than 0");
  return d;
}

/** Like toAmount, and the result must be >= 0. */
export function toNonNegativeAmount(value: DecimalInput, field = "value"): Decimal {
  const d = toAmount(value, field);
  if (d.isNeg() && !d.isZero()) throw ValidationError.invalid(field, show(value), "0 or more");
  return d;
}

/** True when `value` is a Decimal (of any decimal.js clone). */
export function isDecimal(value: unknown): value is Decimal {
  return DecimalJs.isDecimal(value);
}
