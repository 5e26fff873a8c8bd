import { describe, expect, it } from "vitest";
import { toUtcDate } from "./utc-time.js";

describe("toUtcDate", () => {
  it.each([
    ["2024-01-01", "2024-01-01T00:00:00.000Z"],
    ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000Z"],
    ["2024-01-01 00:00:00+00", "2024-01-01T00:00:00.000Z"],
    ["2024-01-01T02:30:00+02:30", "2024-01-01T00:00:00.000Z"],
    ["2023-12-31T19:00:00-0500", "2024-01-01T00:00:00.000Z"],
    ["2024-01-01T00:00:00.123456Z", "2024-01-01T00:00:00.123Z"],
    ["2024-02-29T12:00Z", "2024-02-29T12:00:00.000Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(toUtcDate(text).toISOString()).toBe(iso);
  });

  it.each(["2024-01-01T00:00:00", "2023-02-29", "2024-13-01", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+25:00", "1704067200"])(
    "rejects %j, which has no zone or does not exist",
    (text) => {
      expect(() => toUtcDate(text, "createdAt")).toThrow(/createdAt must be a Date, epoch milliseconds or an ISO 8601 time/);
    },
  );

  it("copies a Date, so the caller's object can change without touching ours", () => {
    const d = new Date(0);
    const copy = toUtcDate(d);
    d.setTime(5);
    expect(copy.getTime()).toBe(0);
  });
});
