import { describe, expect, it } from "vitest";
import { parseFloatBytes, parseTimestampBytes } from "./float-text.js";

const bytes = (s: string) => Buffer.from(s, "latin1");
const float = (s: string) => parseFloatBytes(bytes(s), 0, s.length);
const time = (s: string) => parseTimestampBytes(bytes(s), 0, s.length);

describe("parseFloatBytes", () => {
  it("gives the same float as Number() for the numbers PostgreSQL writes", () => {
    const samples = [
      "0",
      "1",
      "-1",
      "0.00162008",
      "42283.58000000",
      "123456789012345",
      "0.0155712699999999",
      "1.2345678901234567e-05",
      "1e22",
      "1e-22",
      "1e23",
      "-0.5",
      "30000.00",
      "9007199254740993",
      "0.1",
      "1E5",
    ];
    for (const s of samples) expect(float(s), s).toBe(Number(s));
  });

  it("agrees with Number() on random decimals of up to 17 digits", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i++) {
      const intDigits = Math.floor(rand() * 9);
      const fracDigits = Math.floor(rand() * 9);
      const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join("");
      const s = `${digits(intDigits) || "0"}${fracDigits ? `.${digits(fracDigits)}` : ""}`;
      expect(float(s), s).toBe(Number(s));
    }
  });
});

describe("parseTimestampBytes", () => {
  it("reads ISO timestamptz text with fractions and offsets", () => {
    expect(time("2024-01-02 03:04:05+00")).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(time("2024-01-02 03:04:05.678+00")).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(time("2024-01-02 03:04:05.6785+00")).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 679));
    expect(time("2024-01-02 05:34:05+02:30")).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(time("2024-01-01 22:04:05-05")).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(time("2017-11-04 23:02:00+00")).toBe(1509836520000);
  });
});
