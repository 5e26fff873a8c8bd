import { describe, expect, it } from "vitest";
import { timestampText } from "./timestamp-text.js";

describe("timestampText", () => {
  it("formats epoch ms as ISO timestamptz text of the same instant", () => {
    for (const ms of [
      0,
      1509836520000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2023, 11, 31, 0, 0, 0, 5),
      -86_400_000,
    ]) {
      const text = timestampText(ms);
      expect(Date.parse(text.replace(/\+00$/, "Z")), text).toBe(ms);
    }
    expect(timestampText(1509836520000)).toBe("2017-11-04T23:02:00+00");
  });
});
