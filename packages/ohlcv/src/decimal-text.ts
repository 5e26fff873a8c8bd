import { AMOUNT_RANGE, Decimal, type DecimalInput, isDecimal, toAmount, ValidationError } from "@tradekit/domain";

const LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

// The common case, checked by hand (a regex per field is a visible cost at a million rows):
// optional minus, digits, at most one dot, at least one digit.
function isPlainDecimal(text: string): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dots = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && dots === 0) dots++;
    else return false;
  }
  return digits > 0;
}

/**
 * The exact decimal text of `value`, as PostgreSQL's numeric reads it: a decimal literal string
 * as given, a finite number by its shortest round-trip string, a Decimal by its own digits.
 * NaN, infinities and anything else throw a ValidationError naming `field`.
 */
export function decimalText(value: DecimalInput | unknown, field: string): string {
  if (typeof value === "string") {
    if (isPlainDecimal(value)) return value;
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

const { digits: MAX_DIGITS, minExponent: MIN_EXPONENT, maxExponent: MAX_EXPONENT } = AMOUNT_RANGE;

// A plain decimal ("30012.5") checked against the domain's amount range in the same pass that
// checks its form: 1 in range, -1 out of range, 0 not plain (signs aside, exponents, spaces).
function plainAmount(text: string): number {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = -1;
  let first = -1; // first and last non-zero digit
  let last = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (c !== 48) {
        if (first < 0) first = i;
        last = i;
      }
    } else if (c === 46 && dot < 0) dot = i;
    else return 0;
  }
  if (digits === 0) return 0;
  if (first < 0) return 1; // zero
  if (dot < 0) dot = n;
  const significant = last - first + 1 - (first < dot && dot < last ? 1 : 0);
  const exponent = first < dot ? dot - first - 1 : dot - first; // of the leading digit
  return significant <= MAX_DIGITS && exponent >= MIN_EXPONENT && exponent <= MAX_EXPONENT ? 1 : -1;
}

/**
 * Like decimalText, and the value must be an amount as @tradekit/domain defines it (AMOUNT_RANGE:
 * at most 40 significant digits; 0 or 10^-30 <= |x| < 10^30): a ValidationError naming `field`
 * otherwise, the same the domain throws.
 */
export function amountText(value: DecimalInput | unknown, field: string): string {
  if (typeof value === "string" && plainAmount(value) === 1) return value;
  toAmount(value as DecimalInput, field);
  return decimalText(value, field);
}

/** True when the decimal text is above zero (exactly). */
export function isPositiveText(text: string): boolean {
  if (!plainNonNegative(text)) return compareDecimalText(text, "0") > 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}

/**
 * Exact comparison of two decimal texts (-1, 0, 1). Rounding to float64 is monotonic, so
 * different floats already decide; only equal floats need the exact digits. `fa`/`fb` may pass
 * floats the caller already has.
 */
export function compareDecimalText(a: string, b: string, fa = Number(a), fb = Number(b)): number {
  if (fa < fb) return -1;
  if (fa > fb) return 1;
  return new Decimal(a).comparedTo(new Decimal(b));
}

/**
 * Plain non-negative decimals ("30012.5", "0.00162008") compare digit by digit: no float, no
 * allocation. Both texts must pass `plainNonNegative`; anything else (signs, exponents) goes
 * through compareDecimalText.
 */
export function comparePlainNonNegative(a: string, b: string): number {
  // Same length and the dot at the same place (prices of one market mostly are): the digits line
  // up, so the native string comparison is the exact numeric one.
  if (a.length === b.length && a.indexOf(".") === b.indexOf(".")) return a < b ? -1 : a > b ? 1 : 0;
  let ia = 0;
  let ib = 0;
  while (a.charCodeAt(ia) === 48 && a.charCodeAt(ia + 1) !== 46 && ia + 1 < a.length) ia++;
  while (b.charCodeAt(ib) === 48 && b.charCodeAt(ib + 1) !== 46 && ib + 1 < b.length) ib++;
  let da = a.indexOf(".", ia);
  let db = b.indexOf(".", ib);
  if (da < 0) da = a.length;
  if (db < 0) db = b.length;
  if (da - ia !== db - ib) return da - ia < db - ib ? -1 : 1;
  for (; ia < da; ia++, ib++) {
    const d = a.charCodeAt(ia) - b.charCodeAt(ib);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  for (let k = 1; da + k < a.length || db + k < b.length; k++) {
    const ca = da + k < a.length ? a.charCodeAt(da + k) : 48;
    const cb = db + k < b.length ? b.charCodeAt(db + k) : 48;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

/** True for digits with at most one dot and no sign: the texts comparePlainNonNegative accepts. */
export const plainNonNegative = (text: string): boolean => text.charCodeAt(0) !== 45 && isPlainDecimal(text);

/** Exact comparison of two decimal texts (-1, 0, 1), digit by digit when both are plain and non-negative. */
export function compareText(a: string, b: string): number {
  return plainNonNegative(a) && plainNonNegative(b) ? comparePlainNonNegative(a, b) : compareDecimalText(a, b);
}

/** True when the decimal text is below zero (exactly). */
export function isNegativeText(text: string): boolean {
  if (text.charCodeAt(0) !== 45 /* - */) return false;
  return compareDecimalText(text, "0") < 0;
}
