import { Timeframe, ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { timeframeOf } from "./timeframe-input.js";

describe("timeframeOf", () => {
  it("reads a timeframe name and passes a Timeframe through", () => {
    expect(timeframeOf("4h")).toBe(Timeframe.parse("4h"));
    expect(timeframeOf(Timeframe.parse("1d"))).toBe(Timeframe.parse("1d"));
  });

  it("reads a Timeframe of another copy of the domain package by its name", () => {
    const foreign = { name: "15m", ms: 900_000, compression: 15, period: "minutes" };
    expect(timeframeOf(foreign as never)).toBe(Timeframe.parse("15m"));
  });

  it.each([["90x"], [""], [60], [null], [{ compression: 1, period: "hours" }]])(
    "refuses %j with a ValidationError naming the value",
    (bad) => {
      const error = (() => {
        try {
          timeframeOf(bad as never);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: "timeframe", value: bad });
      expect((error as Error).message).toContain(JSON.stringify(bad) ?? String(bad));
    },
  );
});
