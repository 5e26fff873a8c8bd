import { ValidationError } from "./errors.js";
import { toUtcDate } from "./utc-time.js";

/** The unit of a timeframe, as the source documents name it in their (compression, period) form. */
export type TimeframePeriod = "minutes" | "hours" | "days" | "weeks";

/** Every period, smallest first. */
export const TIMEFRAME_PERIODS: readonly TimeframePeriod[] = Object.freeze(["minutes", "hours", "days", "weeks"]);

const UNIT_MS: Readonly<Record<TimeframePeriod, number>> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};
const SUFFIX: Readonly<Record<TimeframePeriod, string>> = { minutes: "m", hours: "h", days: "d", weeks: "w" };
const PERIOD_OF: Readonly<Record<string, TimeframePeriod>> = { m: "minutes", h: "hours", d: "days", w: "weeks" };

// 1970-01-01 was a Thursday; the first Monday 00:00 UTC is four days later. Week buckets count
// from there so that every week bucket starts on a Monday (DESIGN.md §7).
const WEEK_ORIGIN_MS = 4 * UNIT_MS.days;
const PATTERN = /^([1-9]\d*)([mhdw])$/;
const cache = new Map<string, Timeframe>();

/** A candle length such as 15m or 1d, with bucket alignment to the Unix epoch (weeks to Monday). */
export class Timeframe {
  /** The standard timeframes: 1m 5m 15m 1h 4h 1d 1w. */
  static readonly ALL: readonly Timeframe[] = Object.freeze(
    ["1m", "5m", "15m", "1h", "4h", "1d", "1w"].map((name) => Timeframe.parse(name)),
  );

  /** "15m", "1h", "4h", "1d", "1w"... */
  readonly name: string;
  /** Length in milliseconds. */
  readonly ms: number;
  /** Length in seconds. */
  readonly seconds: number;

  private constructor(
    /** How many periods one bucket spans (15 for 15m). */
    readonly compression: number,
    /** The unit (minutes for 15m). */
    readonly period: TimeframePeriod,
  ) {
    this.name = `${compression}${SUFFIX[period]}`;
    this.ms = compression * UNIT_MS[period];
    this.seconds = this.ms / 1000;
    Object.freeze(this);
  }

  /** Reads "1m", "5m", "15m", "1h", "4h", "1d", "1w" or any "<n>m|h|d|w" with n a whole number > 0. */
  static parse(text: string): Timeframe {
    const m = typeof text === "string" ? PATTERN.exec(text.trim()) : null;
    if (!m) {
      throw ValidationError.invalid(
        "timeframe",
        text,
        'a whole number > 0 followed by m, h, d or w, such as "15m", "4h" or "1d"',
      );
    }
    return Timeframe.fromCompression(Number(m[1]), PERIOD_OF[m[2] as string] as TimeframePeriod);
  }

  /** The source documents' form: (15, "minutes") is 15m. */
  static fromCompression(compression: number, period: TimeframePeriod): Timeframe {
    if (!Object.hasOwn(UNIT_MS, period)) {
      throw ValidationError.invalid("period", period, `one of ${TIMEFRAME_PERIODS.join(", ")}`);
    }
    if (!Number.isSafeInteger(compression) || compression <= 0 || !Number.isSafeInteger(compression * UNIT_MS[period])) {
      throw ValidationError.invalid("compression", compression, "a whole number greater than 0");
    }
    const key = `${compression}${SUFFIX[period]}`;
    let tf = cache.get(key);
    if (!tf) {
      tf = new Timeframe(compression, period);
      cache.set(key, tf);
    }
    return tf;
  }

  /** Start of the bucket holding `time`: aligned to the Unix epoch, weeks to Monday 00:00 UTC. */
  bucketStart(time: Date | number): Date {
    const t = toUtcDate(time, "time").getTime();
    const origin = this.period === "weeks" ? WEEK_ORIGIN_MS : 0;
    return new Date(Math.floor((t - origin) / this.ms) * this.ms + origin);
  }

  /** End (exclusive) of the bucket holding `time`: the next bucket's start. */
  bucketEnd(time: Date | number): Date {
    return new Date(this.bucketStart(time).getTime() + this.ms);
  }

  /** True when `time` is exactly the start of a bucket. */
  isAligned(time: Date | number): boolean {
    return this.bucketStart(time).getTime() === toUtcDate(time, "time").getTime();
  }

  /** Same length and same unit ("60m" and "1h" differ, as their names do). */
  equals(other: Timeframe): boolean {
    return this.name === other.name;
  }

  /** The name, e.g. "15m". */
  toString(): string {
    return this.name;
  }

  toJSON(): string {
    return this.name;
  }
}
