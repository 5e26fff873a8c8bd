import { type Decimal, ValidationError } from "@tradekit/domain";
import { isSeverity, type Severity } from "./severity.js";

// The input rules shared by the catalog repositories; each error names the field and the value.

/** The length of a varchar column (MikroORM's default for a string property). */
export const NAME_LENGTH = 255;

/** `value` fits a text column: at most `max` characters and no NUL (PostgreSQL cannot store one). */
export function storableText<T extends string | null>(field: string, value: T, max = NAME_LENGTH): T {
  if (value === null) return value;
  if (value.length > max) {
    throw new ValidationError(
      `${field} must be at most ${max} characters; got ${value.length} (${JSON.stringify(value.slice(0, 40))}...)`,
      {
        field,
        value,
      },
    );
  }
  if (value.includes("\u0000")) throw ValidationError.invalid(field, value, "text without NUL characters");
  return value;
}

/** A non-empty string, trimmed; `max` characters at most (varchar(255) columns), no NUL. */
export function requireText(field: string, value: unknown, max = NAME_LENGTH): string {
  if (typeof value !== "string" || value.trim() === "") throw ValidationError.invalid(field, value, "a non-empty string");
  return storableText(field, value.trim(), max);
}

/** requireText, or null when null/undefined. */
export function optionalText(field: string, value: unknown, max = NAME_LENGTH): string | null {
  return value === null || value === undefined ? null : requireText(field, value, max);
}

/** A database id: a whole number > 0. */
export function requireId(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw ValidationError.invalid(field, value, "an id (a whole number > 0)");
  }
  return value;
}

/** requireId, or null when null/undefined. */
export function optionalId(field: string, value: unknown): number | null {
  return value === null || value === undefined ? null : requireId(field, value);
}

/** A whole number >= 0 (counts, precisions). */
export function requireCount(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw ValidationError.invalid(field, value, "a whole number >= 0");
  }
  return value;
}

/** A whole number > 0 (a count of rows to return). */
export function positiveCount(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw ValidationError.invalid(field, value, "a whole number > 0");
  }
  return value;
}

/** A boolean, or `fallback` when undefined. */
export function booleanOr(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw ValidationError.invalid(field, value, "true or false");
  return value;
}

/** A Severity. */
export function requireSeverity(field: string, value: unknown): Severity {
  if (!isSeverity(value)) throw ValidationError.invalid(field, value, "one of debug, info, warning, error, critical");
  return value;
}

/** A page size: `fallback` when undefined, else a whole number in 1..max. */
export function limitOf(value: unknown, fallback = 100, max = 10_000): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw ValidationError.invalid("limit", value, `a whole number from 1 to ${max}`);
  }
  return value;
}

/** A valid Date. */
export function requireDate(field: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw ValidationError.invalid(field, value, "a valid Date");
  return value;
}

/** A JSON value as a jsonb parameter text (null stays SQL null); refuses what JSON cannot carry. */
export function jsonParam(field: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new ValidationError(`${field} must be JSON-serializable: ${(cause as Error).message}`, { field, cause });
  }
  if (text === undefined) throw ValidationError.invalid(field, value, "a JSON-serializable value");
  return text;
}

/** A jsonb object column (pg parses jsonb) as a frozen record, or null. */
export function recordOrNull(value: unknown): Readonly<Record<string, unknown>> | null {
  if (value === null || value === undefined) return null;
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return Object.freeze(parsed as Record<string, unknown>);
}

// PostgreSQL's numeric holds up to 131072 digits before the point and 16383 after it.
const NUMERIC_MAX_EXPONENT = 131_071;
const NUMERIC_MAX_SCALE = 16_383;

/** `value` fits a `numeric` column (checked before it is written out as text). */
export function storableDecimal(field: string, value: Decimal): Decimal {
  if (value.e > NUMERIC_MAX_EXPONENT || value.decimalPlaces() > NUMERIC_MAX_SCALE) {
    throw ValidationError.invalid(field, `${value.toExponential(6)}`, "a number PostgreSQL's numeric can hold");
  }
  return value;
}
