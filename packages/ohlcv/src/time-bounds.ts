import { ValidationError } from "@tradekit/domain";

/** The earliest time a whole-series read covers: before any market data, and an ISO year of four digits. */
export const MIN_TIME = Date.UTC(1900, 0, 1);
/** The latest time a whole-series read covers. */
export const MAX_TIME = Date.UTC(9000, 0, 1);

/** Whether epoch-ms `time` is one the store keeps: from MIN_TIME (inclusive) to MAX_TIME, four-digit years that every read covers. */
export function inStoreRange(time: number): boolean {
  return time >= MIN_TIME && time < MAX_TIME;
}

/** The ValidationError for a time outside the store's range (it would be malformed or unreadable as timestamptz). */
export function outOfStoreRange(time: number): ValidationError {
  return ValidationError.invalid("time", new Date(time), "a time from 1900-01-01 to before 9000-01-01 UTC, the store's range");
}
