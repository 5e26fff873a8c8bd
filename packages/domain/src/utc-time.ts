import { ValidationError } from "./errors.js";

// Date.parse guesses: "2024-01-01T00:00" is read as local time and "…T00:00:00+00" as NaN, so a
// string time is read here by one strict rule instead: a date alone is UTC midnight, a date with a
// time must say its zone (Z, +hh, +hhmm or +hh:mm), as PostgreSQL and the venues write it.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?))?$/i;

const EXPECTED = 'a Date, epoch milliseconds or an ISO 8601 time with its zone such as "2024-01-01T00:00:00Z"';

function parseIso(text: string, field: string): Date {
  const m = ISO.exec(text.trim());
  if (!m) throw ValidationError.invalid(field, text, EXPECTED);
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  const local = Date.UTC(year, month, day, hour, minute, second, ms);
  const check = new Date(local);
  // Date.UTC rolls 2024-02-30 over into March; a calendar date that does not exist is an error.
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw ValidationError.invalid(field, text, EXPECTED);
  }
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 23 || om > 59) throw ValidationError.invalid(field, text, EXPECTED);
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(local - offsetMinutes * 60_000);
}

/** Reads a point in time: a valid Date, finite epoch milliseconds, or a strict ISO 8601 string (see above). */
export function toUtcDate(value: Date | number | string, field = "time"): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw ValidationError.invalid(field, value, EXPECTED);
    return new Date(value.getTime());
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value) || Math.abs(value) > 8.64e15) throw ValidationError.invalid(field, value, EXPECTED);
    return new Date(value);
  }
  if (typeof value === "string") return parseIso(value, field);
  throw ValidationError.invalid(field, value, EXPECTED);
}
