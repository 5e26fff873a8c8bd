import { describe, expect, it } from "vitest";
import { Candle, type CandleInput } from "./candle.js";
import { Decimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { Timeframe } from "./timeframe.js";

const base: CandleInput = {
  time: "2024-03-05T13:45:00Z",
  open: "100.5",
  high: "101",
  low: "99.25",
  close: "100",
  volume: "12.5",
};

const errorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
};

describe("Candle.create", () => {
  it("keeps prices exact and the time in UTC", () => {
    const c = Candle.create({ ...base, open: 100.1, quoteVolume: "1250.5", tradeCount: 42 }, Timeframe.parse("15m"));
    expect(c.time.toISOString()).toBe("2024-03-05T13:45:00.000Z");
    expect(c.open).toBeInstanceOf(Decimal);
    expect(c.open.toString()).toBe("100.1");
    expect(c.high.toString()).toBe("101");
    expect(c.quoteVolume?.toString()).toBe("1250.5");
    expect(c.tradeCount).toBe(42);
    expect(c.toDict()).toEqual({
      time: "2024-03-05T13:45:00.000Z",
      open: "100.1",
      high: "101",
      low: "99.25",
      close: "100",
      volume: "12.5",
      quoteVolume: "1250.5",
      tradeCount: 42,
    });
  });

  it("accepts a flat zero-volume candle and leaves optional fields null", () => {
    const c = Candle.create({ time: 0, open: 5, high: 5, low: 5, close: 5, volume: 0 });
    expect(c.volume.isZero()).toBe(true);
    expect(c.quoteVolume).toBeNull();
    expect(c.tradeCount).toBeNull();
  });

  it.each([
    [{ high: "100" }, "high", "100", /high must be >= open \(100\.5\)/],
    [{ high: "99.9", open: "99.5" }, "high", "99.9", /high must be >= close \(100\)/],
    [{ high: "99", open: "98", close: "98.5" }, "high", "99", /high must be >= low \(99\.25\)/],
    [{ low: "100.6" }, "low", "100.6", /low must be <= open \(100\.5\)/],
    [{ low: "100.2", open: "100.3" }, "low", "100.2", /low must be <= close \(100\)/],
  ])("rejects %j naming %s", (patch, field, value, message) => {
    const e = errorOf(() => Candle.create({ ...base, ...patch }));
    expect(e.field).toBe(field);
    expect(e.value).toBe(value);
    expect(e.message).toMatch(message);
  });

  it.each([
    [{ volume: "-0.1" }, "volume"],
    [{ quoteVolume: -1 }, "quoteVolume"],
    [{ tradeCount: -1 }, "tradeCount"],
    [{ tradeCount: 1.5 }, "tradeCount"],
    [{ open: Number.NaN }, "open"],
    [{ high: "NaN" }, "high"],
    [{ low: Number.NEGATIVE_INFINITY }, "low"],
    [{ close: "abc" }, "close"],
    [{ volume: Number.NaN }, "volume"],
    [{ time: "2024-03-05T13:45:00" }, "time"],
    [{ time: "yesterday" }, "time"],
    [{ time: new Date(Number.NaN) }, "time"],
  ] as [Partial<CandleInput>, string][])("rejects %j naming %s", (patch, field) => {
    expect(errorOf(() => Candle.create({ ...base, ...patch })).field).toBe(field);
  });

  it.each([
    [{ open: "0" }, "open"],
    [{ close: "-100" }, "close"],
    [{ low: "0", open: "100", close: "100" }, "low"],
    [{ low: "-5", open: "-1", close: "-2", high: "-0.5" }, "open"],
    [{ open: "0", high: "0", low: "0", close: "0", volume: "0" }, "open"],
  ] as [Partial<CandleInput>, string][])("refuses a zero or negative price %j, naming %s: a price is > 0", (patch, field) => {
    const e = errorOf(() => Candle.create({ ...base, ...patch }));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/greater than 0/);
  });

  it("with a timeframe, requires the time to start a bucket and says which one", () => {
    expect(() => Candle.create(base, Timeframe.parse("15m"))).not.toThrow();
    const e = errorOf(() => Candle.create(base, Timeframe.parse("1h")));
    expect(e.field).toBe("time");
    expect(e.message).toMatch(/time must be the start of a 1h bucket \(2024-03-05T13:00:00\.000Z for this candle\)/);
    expect(() => Candle.create({ ...base, time: "2024-03-07T00:00:00Z" }, Timeframe.parse("1w"))).toThrow(/1w bucket/);
    expect(() => Candle.create({ ...base, time: "2024-03-04" }, Timeframe.parse("1w"))).not.toThrow();
  });

  it("is immutable", () => {
    const c = Candle.create(base);
    expect(() => {
      (c as { close: Decimal }).close = new Decimal(1);
    }).toThrow(TypeError);
  });
});
