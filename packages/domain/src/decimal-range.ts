import type { Decimal as DecimalJs } from "decimal.js";
import { ValidationError } from "./errors.js";

/** Bounds on a decimal: its significant digits and the exponent of its leading digit (|x| in [10^e, 10^(e+1))). */
export interface DecimalRange {
  readonly digits: number;
  readonly minExponent: number;
  readonly maxExponent: number;
}

/**
 * The range of an amount — a price, volume, fee, balance or limit (DESIGN.md §4): at most 40
 * significant digits (Decimal's precision, so every result of Decimal arithmetic fits) and, unless
 * it is 0, a magnitude from 10^-30 to below 10^30.
 */
export const AMOUNT_RANGE: DecimalRange = Object.freeze({ digits: 40, minExponent: -30, maxExponent: 29 });

/**
 * What any decimal tradekit reads may be, amounts or not: room for every exact cost, PnL and
 * percentage the engine derives from amounts (a product of two amounts has up to 80 digits, a sum
 * of fee shares more), and far below what would hurt — at most about 2,000 characters as text.
 */
export const DECIMAL_LIMITS: DecimalRange = Object.freeze({ digits: 1000, minExponent: -1000, maxExponent: 1000 });

/** Longer strings are refused before they are parsed: no literal within DECIMAL_LIMITS needs more. */
export const MAX_LITERAL_LENGTH = 4096;

/** Decimal digits of a word 1 <= w < 1e7. */
function wordDigits(w: number): number {
  return w < 1e3 ? (w < 10 ? 1 : w < 100 ? 2 : 3) : w < 1e5 ? (w < 1e4 ? 4 : 5) : w < 1e6 ? 6 : 7;
}

/** Significant digits of a finite decimal.js value (0 for zero), from its documented base-1e7 words. */
export function significantDigits(x: DecimalJs): number {
  const d = x.d;
  if (d[0] === 0) return 0;
  let last = d[d.length - 1]!;
  let zeros = 0;
  while (last % 10 === 0) {
    last /= 10;
    zeros++;
  }
  return wordDigits(d[0]!) + 7 * (d.length - 1) - zeros;
}

/** True when the finite x lies in `range` (0 always does). */
export function inRange(x: DecimalJs, range: DecimalRange): boolean {
  if (x.d[0] === 0) return true;
  // four or five words hold at most 35 digits: the common case needs no digit count
  return (
    x.e >= range.minExponent &&
    x.e <= range.maxExponent &&
    (x.d.length <= Math.floor(range.digits / 7) || significantDigits(x) <= range.digits)
  );
}

/** A value as an error shows it: a long string by its ends and length, never whole. */
export function shown(value: unknown): unknown {
  if (typeof value === "string" && value.length > 64)
    return `${value.slice(0, 40)}…${value.slice(-8)} (${value.length} characters)`;
  return value;
}

const pow = (e: number): string => `1e${e}`;

/** The ValidationError for a value outside `range`, naming the field and the range. */
export function outOfRange(field: string, value: unknown, range: DecimalRange, what: string): ValidationError {
  return ValidationError.invalid(
    field,
    shown(value),
    `${what} of at most ${range.digits} significant digits, 0 or between ${pow(range.minExponent)} and ${pow(range.maxExponent + 1)} in size`,
  );
}
