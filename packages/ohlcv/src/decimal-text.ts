import { Decimal, type DecimalInput, isDecimal, ValidationError } from "@tradekit/domain";

const LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The exact decimal text of `value`, as PostgreSQL's numeric reads it: a decimal literal string
 * as given, a finite number by its shortest round-trip string, a Decimal by its own digits.
 * NaN, infinities and anything else throw a ValidationError naming `field`.
 */
export function decimalText(value: DecimalInput | unknown, field: string): string {
  if (typeof value === "string") {
    const text = value.trim();
    if (LITERAL.test(text)) return text;
    throw ValidationError.invalid(field, value, 'a decimal number such as "0.015"');
  }
  if (typeof value === "number") {
    if (Number.isFinite(value)) return String(value);
    throw ValidationError.invalid(field, value, "a finite number");
  }
  if (isDecimal(value)) {
    if (value.isFinite()) return value.toString();
    throw ValidationError.invalid(field, value.toString(), "a finite decimal");
  }
  throw ValidationError.invalid(field, value, "a decimal given as a string, a number or a Decimal");
}

/**
 * Exact comparison of two decimal texts (-1, 0, 1). Rounding to float64 is monotonic, so
 * different floats already decide; only equal floats need the exact digits.
 */
export function compareDecimalText(a: string, b: string): number {
  const fa = Number(a);
  const fb = Number(b);
  if (fa < fb) return -1;
  if (fa > fb) return 1;
  return new Decimal(a).comparedTo(new Decimal(b));
}

/** True when the decimal text is below zero (exactly). */
export function isNegativeText(text: string): boolean {
  if (text.charCodeAt(0) !== 45 /* - */) return false;
  return compareDecimalText(text, "0") < 0;
}
