import {
  Decimal,
  type DecimalInput,
  toAmount,
  toDecimal,
  toNonNegativeAmount,
  toPositiveAmount,
  ValidationError,
} from "@tradekit/domain";

// A plain decimal literal is already the exact canonical text: store it as given and skip the
// parse (a feed writes thousands of these a second). Anything else goes through Decimal.
const PLAIN = /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/;

/** The exact decimal string stored for `value`. */
export function decimalText(value: DecimalInput, field: string): string {
  if (typeof value === "string" && PLAIN.test(value)) return value;
  return toDecimal(value, field).toString();
}

// A plain literal of at most 30 characters has at most 30 digits, fewer than 31 before the point
// and its first non-zero digit within 28 after it: an amount (AMOUNT_RANGE) without further checking.
const SHORT_AMOUNT = 30;

/** The exact decimal string of an amount (a price, volume or balance: the domain's AMOUNT_RANGE), naming `field` otherwise. */
export function amountText(value: DecimalInput, field: string): string {
  if (typeof value === "string" && value.length <= SHORT_AMOUNT && PLAIN.test(value)) return value;
  return toAmount(value, field).toString();
}

/** Like amountText, and > 0 (a price). */
export function positiveAmountText(value: DecimalInput, field: string): string {
  if (typeof value === "string" && value.length <= SHORT_AMOUNT && PLAIN.test(value) && value !== "0" && value[0] !== "-")
    return value;
  return toPositiveAmount(value, field).toString();
}

/** Like amountText, and >= 0 (a balance, a volume traded). */
export function nonNegativeAmountText(value: DecimalInput, field: string): string {
  if (typeof value === "string" && value.length <= SHORT_AMOUNT && PLAIN.test(value) && value[0] !== "-") return value;
  return toNonNegativeAmount(value, field).toString();
}

/** A stored decimal string back to a Decimal. */
export function readDecimal(text: unknown, field: string): Decimal {
  if (typeof text !== "string") throw ValidationError.invalid(field, text, "a stored decimal string");
  return new Decimal(text);
}

/** Like readDecimal, null stays null. */
export function readOptionalDecimal(text: unknown, field: string): Decimal | null {
  return text === null || text === undefined ? null : readDecimal(text, field);
}

/** Epoch milliseconds of a Date, epoch-ms number or ISO string. */
export function timeMs(value: Date | number | string, field: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw ValidationError.invalid(field, value, "a Date, epoch milliseconds or an ISO time");
  return ms;
}

/** Parses stored JSON, naming the key when it is not what the cache wrote. */
export function parseStored<T>(text: string, key: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ValidationError(`the value at ${key} is not JSON written by @tradekit/cache: ${text.slice(0, 80)}`, {
      field: key,
      cause: error,
    });
  }
}
