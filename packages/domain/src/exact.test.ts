import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import {
  add,
  cmpAbs,
  type Exact,
  fromDecimal,
  gain,
  isZero,
  mul,
  mulAbs,
  neg,
  plusProducts,
  quotient,
  quotientOfProduct,
  sub,
  toDecimal,
  toFixedString,
} from "./exact.js";

// Mantissas of every size the engine meets — a few digits (volumes, prices), up to 16 (costs,
// divisors on both long-division paths) and up to 60 (fee shares, sums of them) — on scales
// both sides of the decimal point.
const mantissa = fc.oneof(
  fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
  fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
  fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }),
);
const pair = fc.tuple(mantissa, fc.integer({ min: -12, max: 70 }));
// Read from Decimals too, as the engine reads its inputs: mantissas up to 2^53 stay safe-integer
// (small) forms, so sums and products of two of them cross the overflow check into words.
const nearSafe = fc.tuple(
  fc.bigInt({ min: -(2n ** 53n) - 10n, max: 2n ** 53n + 10n }),
  fc.integer({ min: -2, max: 2 }), // few scales: many pairs share one and add in a single step
);
const exact = fc.oneof(
  pair.map(([m, s]) => fromDecimal(new Decimal(`${m}e${-s}`))),
  nearSafe.map(([m, s]) => fromDecimal(new Decimal(`${m}e${-s}`))),
);
const text = (x: Exact): string => toFixedString(x);
const Wide = Decimal.clone({ precision: 1e9 });

describe("Exact — the position engine's word-based exact number", () => {
  it("builds results that are Decimals in every respect: equal, printable, usable in Decimal arithmetic", () => {
    fc.assert(
      fc.property(pair, ([m, s]) => {
        const expected = new Decimal(`${m}e${-s}`);
        // m x 10^-s built by the engine from words, not parsed
        const built = toDecimal(mul(fromDecimal(new Decimal(m.toString())), fromDecimal(new Decimal(`1e${-s}`))));
        expect(built).toBeInstanceOf(Decimal);
        expect(built.eq(expected)).toBe(true);
        expect(built.toFixed()).toBe(expected.toFixed());
        expect(built.toString()).toBe(expected.toString());
        expect(JSON.stringify(built)).toBe(JSON.stringify(expected));
        expect(built).toStrictEqual(expected);
        expect(built.plus(1).toFixed()).toBe(expected.plus(1).toFixed());
        expect(built.div(7).toFixed()).toBe(expected.div(7).toFixed());
        expect(text(fromDecimal(expected))).toBe(expected.toFixed());
      }),
      { numRuns: 500 },
    );
  });

  it("add, sub, mul, neg, mulAbs and cmpAbs are exact", () => {
    fc.assert(
      fc.property(exact, exact, (a, b) => {
        const x = new Wide(text(a));
        const y = new Wide(text(b));
        expect(text(add(a, b))).toBe(x.plus(y).toFixed());
        expect(text(sub(a, b))).toBe(x.minus(y).toFixed());
        expect(text(mul(a, b))).toBe(x.times(y).toFixed());
        expect(text(neg(a))).toBe(x.neg().toFixed());
        expect(text(mulAbs(a, b))).toBe(x.times(y).abs().toFixed());
        expect(cmpAbs(a, b)).toBe(x.abs().cmp(y.abs()));
        expect(cmpAbs(a, a)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it("gain is sign x (|a| x |b| - |c|) - d exactly, with any signs, zeros and cancellations", () => {
    fc.assert(
      fc.property(exact, exact, exact, exact, fc.constantFrom(1, -1), (a, b, c, d, sign) => {
        const [x, y, z, w] = [a, b, c, d].map((v) => new Wide(text(v)));
        const expected = x!.abs().times(y!.abs()).minus(z!.abs()).times(sign).minus(w!);
        const got = gain(a, b, c, sign, d);
        expect(text(got)).toBe(expected.toFixed());
        expect(got).toStrictEqual(new Decimal(expected.toFixed()));
      }),
      { numRuns: 500 },
    );
    // the product cancels the other two exactly, and a carry runs through every word
    const x = (t: string): Exact => fromDecimal(new Decimal(t));
    expect(text(gain(x("1.5"), x("2"), x("1"), 1, x("2")))).toBe("0");
    expect(text(gain(x("9999999.9999999"), x("1"), x("0"), -1, x("-0.0000001")))).toBe("-9999999.9999998");
    expect(text(gain(x("0"), x("5"), x("3"), 1, x("0")))).toBe("-3");
  });

  it("plusProducts is c + |a| x |b| + |x| x |y| exactly, on both its one-pass and its stepwise path", () => {
    fc.assert(
      // c of either sign: a negative one takes the stepwise path
      fc.property(exact, exact, exact, exact, exact, (a, b, x, y, c) => {
        const [p, q, u, v, w] = [a, b, x, y, c].map((t) => new Wide(text(t)));
        const expected = p!.abs().times(q!.abs()).plus(u!.abs().times(v!.abs())).plus(w!);
        const got = plusProducts(c, a, b, x, y);
        expect(text(got)).toBe(expected.toFixed());
        expect(got).toStrictEqual(new Decimal(expected.toFixed()));
      }),
      { numRuns: 500 },
    );
    const d = (t: string): Exact => fromDecimal(new Decimal(t));
    // a carry runs through every word of c into a new top word, and through a product's top word
    expect(text(plusProducts(d("9999999.9999999"), d("0.0000001"), d("1"), d("0.0000001"), d("1")))).toBe("10000000.0000001");
    expect(text(plusProducts(d("0"), d("9999999.9999999"), d("1"), d("0.0000001"), d("1")))).toBe("10000000");
    // factors of 50 words each: too many products a column for one pass
    const long = d(`${"9".repeat(350)}.5`);
    expect(text(plusProducts(d("1"), long, long, long, d("2")))).toBe(
      new Wide(long.toFixed()).times(long.toFixed()).plus(new Wide(long.toFixed()).times(2)).plus(1).toFixed(),
    );
  });

  it("sums and differences trim the words a carry, a borrow or a cancellation leaves at either end", () => {
    const x = (t: string): Exact => fromDecimal(new Decimal(t));
    const cases: [string, string][] = [
      ["9999999.9999999", "0.0000001"], // a carry out of the top word
      ["9999998", "1"], // the top words reach 1e7 - 1 without carrying out
      ["12.5", "7.5"], // the lowest words sum to 1e7: a trailing zero word
      ["1.0000001", "-1.0000000"], // the top words cancel
      ["10000000.0000001", "-9999999.9999999"], // a borrow empties two top words
      ["3.25", "-1.25"], // the lowest words cancel
      ["1e-30", "1e20"], // a gap of zero words between them
      ["-1e20", "1e-30"],
    ];
    for (const [a, b] of cases) {
      const sum = new Wide(a).plus(b);
      const got = add(x(a), x(b));
      expect(text(got), `${a} + ${b}`).toBe(sum.toFixed());
      expect(got, `${a} + ${b} as built`).toStrictEqual(new Decimal(sum.toFixed()));
      const diff = new Wide(b).minus(a);
      expect(sub(x(b), x(a)), `${b} - ${a}`).toStrictEqual(new Decimal(diff.toFixed()));
    }
  });

  it("sums and products just past the safe integers leave the float64 fast path exactly", () => {
    const x = (t: string): Exact => fromDecimal(new Decimal(t));
    const pairs: [string, string][] = [
      ["8999999999999999", "8999999999999998"],
      ["-8999999999999999", "-8999999999999998"],
      ["899999999999999.9", "0.8"],
      ["94906267", "94906267"],
      ["-94906267", "94906267.1"],
    ];
    for (const [a, b] of pairs) {
      expect(text(add(x(a), x(b))), `${a} + ${b}`).toBe(new Wide(a).plus(b).toFixed());
      expect(text(sub(x(a), neg(x(b)))), `${a} - -${b}`).toBe(new Wide(a).plus(b).toFixed());
      expect(text(mul(x(a), x(b))), `${a} x ${b}`).toBe(new Wide(a).times(b).toFixed());
    }
  });

  it("quotient rounds half-even to 40 significant digits, exactly as Decimal's division, on every path", () => {
    fc.assert(
      fc.property(exact, exact, (a, b) => {
        fc.pre(!isZero(b));
        expect(text(quotient(a, b))).toBe(Decimal.div(text(a), text(b)).toFixed());
      }),
      { numRuns: 2000 },
    );
  });

  it("quotientOfProduct divides the exact product, rounding once", () => {
    fc.assert(
      fc.property(exact, exact, exact, (a, m, b) => {
        fc.pre(!isZero(b));
        const product = new Wide(text(a)).times(text(m)).toFixed();
        expect(text(quotientOfProduct(a, m, b))).toBe(Decimal.div(product, text(b)).toFixed());
      }),
      { numRuns: 2000 },
    );
  });

  it("quotient settles ties and carries at the 40th digit", () => {
    const x = (s: string): Exact => fromDecimal(new Decimal(s));
    const cases: [string, string][] = [
      ["2", "3"],
      ["1", "3"],
      ["1", "8"],
      [`${5n * 10n ** 40n + 1n}`, "10"],
      [`${5n * 10n ** 40n}`, "10"],
      [`${15n * 10n ** 39n}`, "10"],
      [`${25n * 10n ** 39n}`, "10"],
      [`${"9".repeat(41)}`, "1"],
      [`${"9".repeat(41)}`, "7"],
      [`${"9".repeat(45)}`, "1.1"],
      ["1", "826932275600"], // the digit-wise path
      [`0.${"9".repeat(50)}`, "826932.2756"],
      ["12345678901234567890123456789012345678905", "1"],
      ["12345678901234567890123456789012345678905", "100000000000"],
      ["-7", "0.000003"],
      ["1", "123456789012345678"], // beyond both long divisions: the BigInt path
      // exact ties whose numerator ends in zeros inside its lowest word: nothing sticky follows
      [`${(10n ** 40n + 5n) * 826932275600n * 1000n}`, "826932275600"],
      [`${(10n ** 40n + 15n) * 826932275600n * 1000n}`, "826932275600"],
      [`${(10n ** 40n + 5n) * 1234n * 1000n}`, "1234"],
    ];
    for (const [n, d] of cases) expect(text(quotient(x(n), x(d))), `${n} / ${d}`).toBe(Decimal.div(n, d).toFixed());
  });
});
