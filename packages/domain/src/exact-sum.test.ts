import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import { ExactSum } from "./exact-sum.js";

const Wide = Decimal.clone({ precision: 1e9 });
const number = fc
  .tuple(
    fc.oneof(
      fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
      fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }),
    ),
    fc.integer({ min: -30, max: 70 }),
  )
  .map(([m, s]) => new Decimal(`${m}e${-s}`));
const step = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), a: number, sign: fc.constantFrom(1, -1) }),
  fc.record({ kind: fc.constant("product" as const), a: number, b: number, sign: fc.constantFrom(1, -1) }),
  fc.record({ kind: fc.constant("value" as const) }),
  fc.record({ kind: fc.constant("reset" as const) }),
);

describe("ExactSum — a mutable exact sum with lazy carries", () => {
  it("equals the exact sum of what was added, whatever the mix of magnitudes, signs and reads", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const sum = new ExactSum();
        let expected = new Wide(0);
        for (const s of steps) {
          if (s.kind === "add") {
            sum.add(s.a, s.sign);
            expected = expected.plus(new Wide(s.a).times(s.sign));
          } else if (s.kind === "product") {
            sum.addProduct(s.a, s.b, s.sign);
            expected = expected.plus(new Wide(s.a).times(s.b).times(s.sign));
          } else if (s.kind === "reset") {
            sum.reset();
            expected = new Wide(0);
          } else expect(sum.value().toFixed()).toBe(expected.toFixed());
        }
        expect(sum.value().toFixed()).toBe(expected.toFixed());
        expect(sum.value()).toBeInstanceOf(Decimal);
      }),
      { numRuns: 1000 },
    );
  });

  it("settles carries before any word can leave the exact float64 range", () => {
    // 10,000 products of 1e7 - 1 words each land on the same words: far past 2^53 unless settled
    const big = new Decimal(`${"9".repeat(42)}`);
    const sum = new ExactSum();
    for (let i = 0; i < 10_000; i++) sum.addProduct(big, big, 1);
    expect(sum.value().toFixed()).toBe(new Wide(big).times(big).times(10_000).toFixed());
    for (let i = 0; i < 10_001; i++) sum.addProduct(big, big, -1);
    expect(sum.value().toFixed()).toBe(new Wide(big).times(big).neg().toFixed());
  });

  it("is zero when empty or cancelled out", () => {
    const sum = new ExactSum();
    expect(sum.value().isZero()).toBe(true);
    sum.add(new Decimal("123.456"), 1);
    sum.add(new Decimal("123.456"), -1);
    expect(sum.value().toFixed()).toBe("0");
  });
});
