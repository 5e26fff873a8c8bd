import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import { add, cmp, Fixed, fromDecimal, mul, quotient, sub, toDecimal, toFixedString } from "./fixed.js";

// Mantissas from 1 to 60 digits and scales on both sides of the decimal point: the shapes fee
// shares (40+ digits), costs and huge integers take in the engine.
const fixed = fc
  .tuple(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), fc.integer({ min: -12, max: 70 }))
  .map(([m, s]) => new Fixed(m, s));
const text = (f: Fixed): string => `${f.m}e${-f.s}`;

describe("Fixed — the engine's exact number", () => {
  it("toDecimal and toFixedString give exactly the value m x 10^-s", () => {
    fc.assert(
      fc.property(fixed, (f) => {
        const expected = new Decimal(text(f));
        const built = toDecimal(f);
        expect(built.eq(expected)).toBe(true);
        expect(built.toFixed()).toBe(expected.toFixed());
        expect(toFixedString(f)).toBe(expected.toFixed());
        // a Decimal built from words behaves like a parsed one in arithmetic
        expect(built.plus(1).toFixed()).toBe(expected.plus(1).toFixed());
      }),
      { numRuns: 500 },
    );
  });

  it("fromDecimal reads any finite Decimal exactly", () => {
    fc.assert(
      fc.property(fixed, (f) => {
        const d = new Decimal(text(f));
        expect(toFixedString(fromDecimal(d))).toBe(d.toFixed());
      }),
      { numRuns: 500 },
    );
  });

  it("add, sub, mul and cmp are exact", () => {
    fc.assert(
      fc.property(fixed, fixed, (a, b) => {
        const Exact = Decimal.clone({ precision: 1e9 });
        const x = new Exact(text(a));
        const y = new Exact(text(b));
        expect(toFixedString(add(a, b))).toBe(x.plus(y).toFixed());
        expect(toFixedString(sub(a, b))).toBe(x.minus(y).toFixed());
        expect(toFixedString(mul(a, b))).toBe(x.times(y).toFixed());
        expect(cmp(a, b)).toBe(x.cmp(y));
      }),
      { numRuns: 300 },
    );
  });

  it("quotient rounds half-even to 40 significant digits, exactly as Decimal's division", () => {
    fc.assert(
      fc.property(fixed, fixed, (a, b) => {
        fc.pre(b.m !== 0n);
        expect(toFixedString(quotient(a, b))).toBe(Decimal.div(text(a), text(b)).toFixed());
      }),
      { numRuns: 500 },
    );
    // ties: 1/8 = 0.125 is exact; 2/3 rounds up, 1/3 down at the 40th digit
    expect(toFixedString(quotient(new Fixed(2n, 0), new Fixed(3n, 0)))).toBe(`0.${"6".repeat(39)}7`);
    expect(toFixedString(quotient(new Fixed(5n * 10n ** 40n + 1n, 0), new Fixed(10n, 0)))).toBe(
      Decimal.div(`${5n * 10n ** 40n + 1n}`, 10).toFixed(),
    );
  });
});
