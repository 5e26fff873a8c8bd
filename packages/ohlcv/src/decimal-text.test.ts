import { Decimal, ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { amountText, compareText, decimalText, isNegativeText } from "./decimal-text.js";

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

describe("amountText: the domain's amount range, checked on the text", () => {
  it.each([
    `1${"0".repeat(29)}`,
    `${"9".repeat(30)}.${"9".repeat(10)}`,
    `0.${"0".repeat(29)}1`,
    `-0.${"0".repeat(29)}${"7".repeat(40)}`,
    `1.${"0".repeat(60)}`,
    `000123.4500`,
    "0",
    "0.000",
    "1e29",
    " 12.5 ",
  ])("accepts %s as given", (text) => {
    expect(amountText(text, "price")).toBe(text.trim());
  });

  it.each([
    `1${"0".repeat(30)}`,
    `0.${"0".repeat(30)}1`,
    `1${"1".repeat(40)}`,
    `1.${"1".repeat(40)}`,
    "1e30",
    "1e-31",
    "1e100000000",
  ])("refuses %s naming the field, as the domain does", (text) => {
    expect(() => amountText(text, "price")).toThrow(/^price must be an amount of at most 40 significant digits/);
  });

  it("checks Decimals and numbers by the same rule", () => {
    expect(amountText(new Decimal("12.5"), "volume")).toBe("12.5");
    expect(amountText(1e29, "volume")).toBe("1e+29");
    expect(() => amountText(1e30, "volume")).toThrow(/volume/);
    expect(() => amountText(new Decimal(`1.${"1".repeat(40)}`), "volume")).toThrow(/volume/);
  });
});
