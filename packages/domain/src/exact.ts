import type { Decimal } from "./decimal.js";
import { words } from "./exact-words.js";

/**
 * The position engine's exact arithmetic, on Decimals themselves.
 *
 * decimal.js arithmetic rounds every result to its precision and is general-purpose; the engine
 * needs sums, differences and products that are exact whatever their length, and divisions
 * rounded to 40 significant digits half-even — the same digits as Decimal's division — at well
 * over ten times decimal.js's speed (DESIGN.md §9 asks >= 0.1 of float64). These functions work
 * directly on decimal.js's documented layout (sign s, exponent e, base-1e7 words d), in float64
 * word arithmetic that stays within the safe integers, and build their results in the same
 * layout. So reading a fill's Decimals and publishing results costs nothing: an engine value
 * is a Decimal.
 *
 * Every result is a fresh, normalized Decimal; no word array held by a Decimal is ever mutated.
 */
export type Exact = Decimal;

// The functions live in one closure, for the reason exact-words.ts gives.
const exact = (() => {
  const { addMag, cmpMag, linear, mulMag, negMag, subMag, twoProducts, ZERO } = words;

  const isZero = (x: Decimal): boolean => x.d[0] === 0;
  const isNeg = (x: Decimal): boolean => x.s < 0 && x.d[0] !== 0;

  function add(a: Decimal, b: Decimal): Decimal {
    if (b.d[0] === 0) return a;
    if (a.d[0] === 0) return b;
    if (a.s === b.s) return addMag(a, b, a.s);
    const c = cmpMag(a, b);
    return c === 0 ? ZERO : c > 0 ? subMag(a, b, a.s) : subMag(b, a, b.s);
  }

  function sub(a: Decimal, b: Decimal): Decimal {
    if (b.d[0] === 0) return a;
    if (a.d[0] === 0) return neg(b);
    if (a.s !== b.s) return addMag(a, b, a.s);
    const c = cmpMag(a, b);
    return c === 0 ? ZERO : c > 0 ? subMag(a, b, a.s) : subMag(b, a, -a.s);
  }

  function neg(a: Decimal): Decimal {
    return a.d[0] === 0 ? ZERO : negMag(a);
  }

  function mul(a: Decimal, b: Decimal): Decimal {
    return a.d[0] === 0 || b.d[0] === 0 ? ZERO : mulMag(a, b);
  }

  /** A finite Decimal as the engine reads it: itself, with -0 read as 0. */
  function fromDecimal(x: Decimal): Decimal {
    return x.d[0] === 0 ? ZERO : x;
  }

  /** An engine value as a public Decimal: itself. */
  function toDecimal(x: Decimal): Decimal {
    return x;
  }

  /** The exact value as a plain decimal string (no exponent), as toDict stores it. */
  function toFixedString(a: Decimal): string {
    return a.toFixed();
  }

  /** -1, 0 or 1 as |a| compares to |b|. */
  function cmpAbs(a: Decimal, b: Decimal): number {
    if (a.d[0] === 0) return b.d[0] === 0 ? 0 : -1;
    return b.d[0] === 0 ? 1 : cmpMag(a, b);
  }

  /** |a| - |b| with the sign s, for |a| > |b| > 0. */
  function subAbs(a: Decimal, b: Decimal, s: number): Decimal {
    return subMag(a, b, s);
  }

  /** sign x (|a| x |b| - |c|) - d, exactly, with one result rather than three. */
  function gain(a: Decimal, b: Decimal, c: Decimal, sign: number, d: Decimal): Decimal {
    const r = linear(a, b, sign, c, -sign * c.s, d, -1);
    if (r !== null) return r;
    // factors of hundreds of words: one step at a time
    const g = sub(mulAbs(a, b), c.s < 0 ? neg(c) : c);
    return sub(sign < 0 ? neg(g) : g, d);
  }

  /** c + |a| x |b|, exactly, with one result rather than two. */
  function plusProduct(c: Decimal, a: Decimal, b: Decimal): Decimal {
    if (c.d[0] === 0) return mulAbs(a, b);
    return linear(a, b, 1, c, 1, ZERO, 1) ?? add(c, mulAbs(a, b));
  }

  /** c + |a| x |b| + |x| x |y|, exactly: one pass and one result when c >= 0 (a cost basis always is). */
  function plusProducts(c: Decimal, a: Decimal, b: Decimal, x: Decimal, y: Decimal): Decimal {
    return twoProducts(a, b, x, y, c) ?? plusProduct(plusProduct(c, a, b), x, y);
  }

  /** |a| x |b|. */
  function mulAbs(a: Decimal, b: Decimal): Decimal {
    return a.d[0] === 0 || b.d[0] === 0 ? ZERO : mulMag(a, b, 1);
  }

  return {
    isZero,
    isNeg,
    add,
    sub,
    neg,
    mul,
    fromDecimal,
    toDecimal,
    toFixedString,
    cmpAbs,
    subAbs,
    gain,
    plusProduct,
    plusProducts,
    mulAbs,
  };
})();

export const {
  isZero,
  isNeg,
  add,
  sub,
  neg,
  mul,
  fromDecimal,
  toDecimal,
  toFixedString,
  cmpAbs,
  subAbs,
  gain,
  plusProduct,
  plusProducts,
  mulAbs,
} = exact;
export { quotient, quotientOfProduct } from "./exact-quotient.js";
export const ZERO = words.ZERO;
