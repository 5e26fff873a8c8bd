import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { Timeframe, type TimeframePeriod } from "./timeframe.js";

const at = (iso: string): number => Date.parse(iso);

describe("Timeframe.parse", () => {
  it.each([
    ["1m", 1, "minutes", 60],
    ["5m", 5, "minutes", 300],
    ["15m", 15, "minutes", 900],
    ["1h", 1, "hours", 3600],
    ["4h", 4, "hours", 14_400],
    ["1d", 1, "days", 86_400],
    ["1w", 1, "weeks", 604_800],
    ["90m", 90, "minutes", 5400],
    ["3d", 3, "days", 259_200],
  ] as const)("reads %s as (%d, %s)", (name, compression, period, seconds) => {
    const tf = Timeframe.parse(name);
    expect(tf.name).toBe(name);
    expect(tf.compression).toBe(compression);
    expect(tf.period).toBe(period);
    expect(tf.seconds).toBe(seconds);
    expect(tf.ms).toBe(seconds * 1000);
    expect(String(tf)).toBe(name);
    expect(JSON.stringify({ tf })).toBe(`{"tf":"${name}"}`);
  });

  it("lists the standard timeframes in ALL, smallest first", () => {
    expect(Timeframe.ALL.map((t) => t.name)).toEqual(["1m", "5m", "15m", "1h", "4h", "1d", "1w"]);
  });

  it.each(["", "m", "0m", "-5m", "1.5h", "1M", "1y", "15 m", "1mo", "01m", "1e3m"])(
    "rejects %j with a ValidationError",
    (text) => {
      expect(() => Timeframe.parse(text)).toThrow(ValidationError);
      expect(() => Timeframe.parse(text)).toThrow(/timeframe must be a whole number > 0 followed by m, h, d or w/);
    },
  );
});

describe("Timeframe.fromCompression", () => {
  it("is the inverse of (compression, period)", () => {
    for (const tf of Timeframe.ALL) {
      expect(Timeframe.fromCompression(tf.compression, tf.period)).toBe(tf);
    }
    expect(Timeframe.fromCompression(15, "minutes").name).toBe("15m");
    expect(Timeframe.fromCompression(4, "hours")).toBe(Timeframe.parse("4h"));
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects compression %s", (n) => {
    expect(() => Timeframe.fromCompression(n, "minutes")).toThrow(/compression must be a whole number greater than 0/);
  });

  it("rejects an unknown period, naming the ones it knows", () => {
    expect(() => Timeframe.fromCompression(1, "months" as never)).toThrow(
      /period must be one of minutes, hours, days, weeks; got "months"/,
    );
  });
});

describe("bucketStart / isAligned", () => {
  it("aligns minutes, hours and days to the Unix epoch", () => {
    const t = at("2024-03-05T13:47:31.250Z");
    expect(Timeframe.parse("1m").bucketStart(t).toISOString()).toBe("2024-03-05T13:47:00.000Z");
    expect(Timeframe.parse("5m").bucketStart(t).toISOString()).toBe("2024-03-05T13:45:00.000Z");
    expect(Timeframe.parse("15m").bucketStart(new Date(t)).toISOString()).toBe("2024-03-05T13:45:00.000Z");
    expect(Timeframe.parse("1h").bucketStart(t).toISOString()).toBe("2024-03-05T13:00:00.000Z");
    expect(Timeframe.parse("4h").bucketStart(t).toISOString()).toBe("2024-03-05T12:00:00.000Z");
    expect(Timeframe.parse("1d").bucketStart(t).toISOString()).toBe("2024-03-05T00:00:00.000Z");
    // 3-day buckets count from 1970-01-01: day 19787 (2024-03-05) is in the bucket starting on day 19785.
    expect(Timeframe.parse("3d").bucketStart(t).toISOString()).toBe("2024-03-03T00:00:00.000Z");
  });

  it("starts weeks on Monday 00:00 UTC, although the epoch was a Thursday", () => {
    const w = Timeframe.parse("1w");
    // 2024-03-05 is a Tuesday, 2024-03-04 a Monday, 2024-03-10 a Sunday.
    expect(w.bucketStart(at("2024-03-05T13:47:31Z")).toISOString()).toBe("2024-03-04T00:00:00.000Z");
    expect(w.bucketStart(at("2024-03-04T00:00:00Z")).toISOString()).toBe("2024-03-04T00:00:00.000Z");
    expect(w.bucketStart(at("2024-03-10T23:59:59.999Z")).toISOString()).toBe("2024-03-04T00:00:00.000Z");
    expect(w.bucketStart(at("2024-03-11T00:00:00Z")).toISOString()).toBe("2024-03-11T00:00:00.000Z");
    // Around the epoch itself: Thursday 1970-01-01 belongs to the week of Monday 1969-12-29.
    expect(w.bucketStart(0).toISOString()).toBe("1969-12-29T00:00:00.000Z");
    expect(w.bucketStart(at("1970-01-05T00:00:00Z")).toISOString()).toBe("1970-01-05T00:00:00.000Z");
    for (let day = 0; day < 60; day++) {
      expect(w.bucketStart(at("2023-12-01T06:00:00Z") + day * 86_400_000).getUTCDay()).toBe(1);
    }
  });

  it("floors times before the epoch instead of rounding them toward it", () => {
    expect(Timeframe.parse("1h").bucketStart(-1).toISOString()).toBe("1969-12-31T23:00:00.000Z");
  });

  it("bucketEnd is the next bucket's start", () => {
    expect(Timeframe.parse("4h").bucketEnd(at("2024-03-05T13:47:31Z")).toISOString()).toBe("2024-03-05T16:00:00.000Z");
  });

  it("isAligned is true exactly at bucket starts", () => {
    const h = Timeframe.parse("1h");
    expect(h.isAligned(at("2024-03-05T13:00:00Z"))).toBe(true);
    expect(h.isAligned(at("2024-03-05T13:00:00.001Z"))).toBe(false);
    expect(h.isAligned(new Date(at("2024-03-05T13:30:00Z")))).toBe(false);
    const w = Timeframe.parse("1w");
    expect(w.isAligned(at("2024-03-04T00:00:00Z"))).toBe(true);
    expect(w.isAligned(at("2024-03-07T00:00:00Z"))).toBe(false);
  });

  it("rejects a time that is not a time", () => {
    expect(() => Timeframe.parse("1m").bucketStart(Number.NaN)).toThrow(ValidationError);
    expect(() => Timeframe.parse("1m").isAligned(new Date("nope"))).toThrow(/time must be/);
  });
});

describe("bucketStart properties (fast-check, against a calendar oracle)", () => {
  // Any millisecond from 1900 to 2200.
  const anyTime = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });
  const midnight = (t: number): Date => {
    const d = new Date(t);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  };

  it("1d is UTC midnight, 4h and 15m the calendar's own boundaries, 1w the Monday before", () => {
    fc.assert(
      fc.property(anyTime, (t) => {
        const d = new Date(t);
        const day = midnight(t);
        expect(Timeframe.parse("1d").bucketStart(t)).toEqual(day);
        const h = d.getUTCHours();
        expect(Timeframe.parse("4h").bucketStart(t)).toEqual(new Date(day.getTime() + (h - (h % 4)) * 3_600_000));
        const m = d.getUTCMinutes();
        expect(Timeframe.parse("15m").bucketStart(t)).toEqual(new Date(day.getTime() + h * 3_600_000 + (m - (m % 15)) * 60_000));
        const sinceMonday = (d.getUTCDay() + 6) % 7;
        expect(Timeframe.parse("1w").bucketStart(t)).toEqual(new Date(day.getTime() - sinceMonday * 86_400_000));
      }),
      { numRuns: 500 },
    );
  });

  it("any timeframe: start <= t < start + length, the start is aligned, and bucketing is idempotent", () => {
    const anyTimeframe = fc
      .tuple(
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom("minutes", "hours", "days", "weeks") as fc.Arbitrary<TimeframePeriod>,
      )
      .map(([n, p]) => Timeframe.fromCompression(n, p));
    fc.assert(
      fc.property(anyTimeframe, anyTime, (tf, t) => {
        const start = tf.bucketStart(t).getTime();
        expect(start).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(start + tf.ms);
        expect(tf.isAligned(start)).toBe(true);
        expect(tf.bucketStart(start).getTime()).toBe(start);
        if (tf.period === "weeks") expect(new Date(start).getUTCDay()).toBe(1);
        expect(Timeframe.parse(tf.name)).toBe(tf);
      }),
      { numRuns: 500 },
    );
  });
});
