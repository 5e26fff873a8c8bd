import type { Ticker } from "@tradekit/cache";
import { Candle, Timeframe } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.js";
import { replayCandles } from "./replay.js";
import type { ClosedCandle } from "./strategy.js";

const T0 = Date.parse("2024-01-01T00:00:00Z");
const bar = (min: number, o: string, h: string, l: string, c: string) =>
  Candle.create({ time: T0 + min * 60_000, open: o, high: h, low: l, close: c, volume: "1" });

describe("replayCandles", () => {
  it("hands every listener each bar as open, high, low, close at its close time, then the closed candle, settling after each call", async () => {
    const clock = new ManualClock(T0);
    const seen: string[] = [];
    const listener = (name: string) => ({
      onTicker: (t: Ticker) => {
        seen.push(`${name} ${t.symbol} ${t.last} ${t.exchangeTime.toISOString()} ${clock.now().toISOString()}`);
      },
      onClosedCandle: (c: ClosedCandle) => {
        seen.push(`${name} ${c.symbol} closed ${c.candle.time.toISOString()}`);
      },
    });
    const summary = await replayCandles({
      series: [
        {
          exchange: "x",
          symbol: "A/B",
          timeframe: "1m",
          candles: [bar(0, "10", "12", "9", "11"), bar(2, "11", "11", "11", "11")],
        },
        {
          exchange: "x",
          symbol: "C/D",
          timeframe: "2m",
          candles: [{ time: T0, open: "5", high: "5", low: "5", close: "5", volume: "0" }],
        },
      ],
      clock,
      listeners: [{ onTicker: listener("venue").onTicker }, listener("runner")],
      settle: async () => {
        seen.push("settle");
      },
    });
    expect(summary).toMatchObject({ bars: 3, ticks: 12 });
    const first = "2024-01-01T00:00:59.999Z";
    expect(seen.slice(0, 6)).toEqual([
      `venue A/B 10 ${first} ${first}`,
      "settle",
      `runner A/B 10 ${first} ${first}`,
      "settle",
      `venue A/B 12 ${first} ${first}`,
      "settle",
    ]);
    expect(seen.filter((s) => s.includes("closed"))).toEqual([
      "runner A/B closed 2024-01-01T00:00:00.000Z",
      // The 2m bar closes at 00:01:59.999, before the 1m bar of 00:02.
      "runner C/D closed 2024-01-01T00:00:00.000Z",
      "runner A/B closed 2024-01-01T00:02:00.000Z",
    ]);
    expect(clock.now().toISOString()).toBe("2024-01-01T00:02:59.999Z");
  });

  it("refuses candles out of order, naming the row", async () => {
    await expect(
      replayCandles({
        series: {
          exchange: "x",
          symbol: "A/B",
          timeframe: Timeframe.parse("1m"),
          candles: [bar(1, "1", "1", "1", "1"), bar(0, "1", "1", "1", "1")],
        },
        listeners: [],
      }),
    ).rejects.toThrow("candles[1].time must be after 2024-01-01T00:01:00.000Z");
  });
});
