import { Timeframe } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { FLAG_IN_PROGRESS, FLAG_SYNTHETIC, FrameBuilder, fillFrameGaps } from "./ohlcv-frame.js";

const H = 3_600_000;

describe("frames", () => {
  const frame = () => {
    const b = new FrameBuilder(1);
    b.push(0, 10, 12, 9, 11, 5);
    b.push(3 * H, 11, 13, 10, 12, 6);
    b.push(4 * H, 12, 14, 11, 13, 7);
    return b.build(Timeframe.parse("1h"), 4 * H + 1);
  };

  it("flags the bucket still in progress, and only it", () => {
    expect(Array.from(frame().flags)).toEqual([0, 0, FLAG_IN_PROGRESS]);
  });

  it("fills a gap only when asked, flat at the previous close with zero volume, flagged synthetic", () => {
    const filled = fillFrameGaps(frame(), 4 * H + 1);
    expect(Array.from(filled.time)).toEqual([0, H, 2 * H, 3 * H, 4 * H]);
    expect(Array.from(filled.flags)).toEqual([0, FLAG_SYNTHETIC, FLAG_SYNTHETIC, 0, FLAG_IN_PROGRESS]);
    expect([filled.open[1], filled.high[1], filled.low[1], filled.close[1], filled.volume[1]]).toEqual([11, 11, 11, 11, 0]);
    expect(frame().length).toBe(3);
  });
});
