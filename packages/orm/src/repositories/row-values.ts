import { Decimal } from "@tradekit/domain";

// Raw SQL rows come back from pg as text for numeric, int8 and timestamptz (MikroORM keeps the
// driver from turning them into floats or local-time Dates); these read them exactly.

/** A numeric column as Decimal. */
export const decimalOf = (value: unknown): Decimal => new Decimal(String(value));

/** A nullable numeric column as Decimal or null. */
export const decimalOrNull = (value: unknown): Decimal | null =>
  value === null || value === undefined ? null : decimalOf(value);

/** An int4/int8 id column as number (ids stay far below 2^53). */
export const idOf = (value: unknown): number => Number(value);

/** A nullable id column. */
export const idOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A timestamptz column (text such as "2026-01-02 03:04:05.678+00") as Date. */
export function dateOf(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value)
    .replace(" ", "T")
    .replace(/([+-]\d\d)$/, "$1:00");
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new TypeError(`unreadable timestamp from the database: ${String(value)}`);
  return date;
}

/** A nullable timestamptz column. */
export const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : dateOf(value));

/** A nullable text column. */
export const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
