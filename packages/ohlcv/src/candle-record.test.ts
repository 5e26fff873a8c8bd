import { Candle, Timeframe, ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { toCandleRecords } from "./candle-record.js";

const tf = Timeframe.parse("1m");
const ok = { time: 60_000, open: "1", high: "2", low: "0.5", close: "1.5", volume: "3" };

describe("candle validation", () => {
  it("keeps exact digits and accepts Candle instances", () => {
    const candle = Candle.create({ ...ok, time: 120_000, open: "1.10" }, tf);
    expect(toCandleRecords([{ ...ok, high: "2.000000000000000000001" }, candle], tf)).toEqual([
      {
        time: 60_000,
        open: "1",
        high: "2.000000000000000000001",
        low: "0.5",
        close: "1.5",
        volume: "3",
        quoteVolume: null,
        tradeCount: null,
      },
      { time: 120_000, open: "1.1", high: "2", low: "0.5", close: "1.5", volume: "3", quoteVolume: null, tradeCount: null },
    ]);
  });

  it.each([
    ["high below low", { high: "0.4" }, "high"],
    ["high below close by 1e-21", { close: "2.000000000000000000001" }, "high"],
    ["low above open", { low: "1.01" }, "low"],
    ["negative volume", { volume: "-0.0001" }, "volume"],
    ["NaN", { open: Number.NaN }, "open"],
    ["infinite", { close: Number.POSITIVE_INFINITY }, "close"],
    ["unaligned", { time: 61_000 }, "time"],
    ["negative trade count", { tradeCount: -1 }, "tradeCount"],
  ])("rejects %s naming the row and the field", (_, change, field) => {
    const error = (() => {
      try {
        toCandleRecords([ok, { ...ok, time: 120_000 }, { ...ok, time: 180_000, ...change }], tf);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ row: 2, field });
  });
});
