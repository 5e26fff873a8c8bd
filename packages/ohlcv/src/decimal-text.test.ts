import { Decimal, ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { compareText, decimalText, isNegativeText } from "./decimal-text.js";

describe("decimal texts", () => {
  it("compares exactly where float64 cannot tell the numbers apart", () => {
    expect(compareText("0.10000000000000000001", "0.1")).toBe(1);
    expect(compareText("0.1", "0.10000000000000000001")).toBe(-1);
    expect(compareText("123456789012345678901", "123456789012345678900")).toBe(1);
    expect(compareText("-0.10000000000000000001", "-0.1")).toBe(-1);
  });

  it("agrees with Decimal on every pair of a mixed sample", () => {
    const sample = [
      "0",
      "0.0",
      "00.5",
      "0.5",
      "0.50",
      "1",
      "1.",
      "10",
      "9.99",
      "10.000",
      "1e1",
      "-1",
      "-0.5",
      "1.5e-3",
      "0.0015",
      "007",
      "7.0001",
      // same length, dot at the same place: the native string comparison path
      "09.9",
      "10.5",
      "1.25",
      "1.30",
      "99",
      "0.00",
    ];
    for (const a of sample) {
      for (const b of sample) {
        expect(compareText(a, b), `${a} vs ${b}`).toBe(new Decimal(a).comparedTo(new Decimal(b)));
      }
    }
  });

  it("keeps a string's digits, reads numbers by their shortest form, refuses NaN and garbage", () => {
    expect(decimalText("0.0155712699999999", "price")).toBe("0.0155712699999999");
    expect(decimalText(0.1, "price")).toBe("0.1");
    expect(decimalText(" 2.5 ", "price")).toBe("2.5");
    expect(() => decimalText(Number.NaN, "close")).toThrow(ValidationError);
    expect(() => decimalText("NaN", "close")).toThrow(/close/);
    expect(() => decimalText("0x10", "close")).toThrow(ValidationError);
    expect(() => decimalText(new Decimal(Number.POSITIVE_INFINITY), "close")).toThrow(ValidationError);
  });

  it("knows negative from negative zero", () => {
    expect(isNegativeText("-0.000")).toBe(false);
    expect(isNegativeText("-1e-400")).toBe(true);
    expect(isNegativeText("0.5")).toBe(false);
  });
});
