import { Candle, Decimal, Timeframe } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { BarAggregator } from "./bar-aggregator.js";
import { barTicks } from "./replay.js";

const d = (s: string) => new Decimal(s);
const tf = Timeframe.parse("1m");
const T0 = Date.parse("2024-01-01T00:00:00Z");

describe("BarAggregator (ticks to closed candles, exactly)", () => {
  it("open = earliest, close = latest by exchange time, high and low exact, volume the sum; closes at the first tick of a later bucket", () => {
    const bars = new BarAggregator(tf);
    expect(bars.add(d("100.10"), d("0.5"), T0 + 5_000, 0)).toBeNull();
    expect(bars.add(d("100.30"), null, T0 + 20_000, 0)).toBeNull();
    // Arrives late but happened first: it is the open.
    expect(bars.add(d("100.05"), d("0.25"), T0 + 1_000, 0)).toBeNull();
    expect(bars.add(d("99.95"), d("1"), T0 + 59_999, 0)).toBeNull();
    const closed = bars.add(d("100"), null, T0 + 60_000, 0);
    expect(closed?.toDict()).toEqual({
      time: "2024-01-01T00:00:00.000Z",
      open: "100.05",
      high: "100.3",
      low: "99.95",
      close: "99.95",
      volume: "1.75",
      quoteVolume: null,
      tradeCount: null,
    });
  });

  it("ignores a tick of a bucket already closed", () => {
    const bars = new BarAggregator(tf);
    bars.add(d("1"), null, T0, 0);
    bars.add(d("2"), null, T0 + 60_000, 0);
    expect(bars.add(d("3"), null, T0 + 30_000, 0)).toBeNull();
    expect(bars.add(d("4"), null, T0 + 120_000, 0)?.toDict()).toMatchObject({ open: "2", high: "2", low: "2", close: "2" });
  });

  it("closes a quiet bar once the clock is past its end and no tick came for the grace period", () => {
    const bars = new BarAggregator(tf);
    bars.add(d("1"), null, T0 + 10_000, T0 + 10_000);
    expect(bars.closeIfQuiet(T0 + 61_000, 2_000)).toBeNull();
    expect(bars.closeIfQuiet(T0 + 62_000, 2_000)?.time.getTime()).toBe(T0);
    expect(bars.closeIfQuiet(T0 + 90_000, 2_000)).toBeNull();
  });

  it("the four ticks a candle replay writes build that candle back exactly", () => {
    const candle = Candle.create({
      time: T0,
      open: "0.00162008",
      high: "0.0016300",
      low: "0.00161",
      close: "0.00162",
      volume: "108.14853839",
    });
    const bars = new BarAggregator(tf);
    for (const t of barTicks("x", "A/B", tf, candle)) {
      expect(t.exchangeTime.getTime()).toBe(T0 + 59_999);
      bars.add(t.last, t.volume, t.exchangeTime.getTime(), 0);
    }
    expect(bars.closeIfQuiet(T0 + 70_000, 0)?.toDict()).toEqual(candle.toDict());
  });
});
