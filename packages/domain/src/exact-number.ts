export const BASE = 10_000_000;
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** 10^k as a float64, exact for 0 <= k <= 22. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The position engine's exact number, in one of two forms:
 *
 * - small (`w === null`): n x 10^-s with n a safe integer. Exchange volumes, prices, fees, costs
 *   and their sums live here, and add, sub, mul and cmp are single float64 operations checked
 *   against Number.MAX_SAFE_INTEGER (a float64 sum or product of integers is exact exactly when
 *   its magnitude stays at or below it) — no allocation besides the result.
 * - big: (-1 if neg) x sum of w[i] x 1e7^(e + i), base-1e7 words least significant first, on
 *   decimal.js's own word grid, for what outgrows a safe integer (40-digit fee shares, quotients
 *   and their sums). Word arithmetic is float64 too (word products < 1e14), and publishing a
 *   Decimal is a copy of the words, not a digit conversion.
 *
 * decimal.js arithmetic is ~30x slower per operation and rounds to its precision; BigInt costs an
 * allocation and a runtime call per operation and a digit conversion per published Decimal.
 * DESIGN.md §9 asks the exact engine for >= 0.1 of float64. Sums, differences and products are
 * exact; only `quotient` rounds, to 40 significant digits half-even, as Decimal's division does.
 *
 * A big form has no zero word at either end; results in big form have more than two words
 * (fewer fit a small form, and norm makes it one). Zero is the small 0 x 10^0. Word arrays are
 * never mutated once an Exact holds them.
 */
export class Exact {
  constructor(
    /** Small form: the signed mantissa; 0 in big form. */
    readonly n: number,
    /** Small form: the decimal scale; 0 in big form. */
    readonly s: number,
    /** Big form: the words, least significant first; null in small form. */
    readonly w: number[] | null,
    /** Big form: the word exponent of w[0]. */
    readonly e: number,
    /** Big form: the sign. */
    readonly neg: boolean,
  ) {}
}

export const ZERO = new Exact(0, 0, null, 0, false);

export const isZero = (x: Exact): boolean => x.w === null && x.n === 0;
export const isNeg = (x: Exact): boolean => (x.w === null ? x.n < 0 : x.neg);

/** n x 10^-s (n a safe integer). */
export function small(n: number, s = 0): Exact {
  return n === 0 ? ZERO : new Exact(n, s, null, 0, false);
}

/** Words just built (least significant first) as a normalized Exact: trimmed, small when it fits. */
export function norm(w: number[], e: number, neg: boolean): Exact {
  let hi = w.length;
  while (hi > 0 && w[hi - 1] === 0) hi--;
  if (hi === 0) return ZERO;
  let lo = 0;
  while (w[lo] === 0) lo++;
  if (hi - lo <= 2) {
    const z = trailingZeros(w[lo]!);
    const n = (hi - lo === 1 ? w[lo]! : w[lo]! + w[lo + 1]! * BASE) / POW10[z]!;
    return new Exact(neg ? -n : n, -7 * (e + lo) - z, null, 0, false);
  }
  if (lo > 0 || hi < w.length) return new Exact(0, 0, w.slice(lo, hi), e + lo, neg);
  return new Exact(0, 0, w, e, neg);
}

/**
 * Pushes the words of the small x onto `w` (least significant first, zero words at the bottom
 * skipped) and returns the word exponent of the first.
 */
export function smallWords(x: Exact, w: number[]): number {
  let mag = x.n < 0 ? -x.n : x.n;
  const r = ((x.s % 7) + 7) % 7;
  const pad = r === 0 ? 0 : 7 - r;
  let e = 0 - (x.s + pad) / 7;
  if (pad !== 0) {
    // the lowest word takes the last 7 - pad digits, shifted onto the grid
    const cut = POW10[7 - pad]!;
    const high = floorDiv(mag, cut);
    const low = mag - high * cut;
    if (low !== 0) w.push(low * POW10[pad]!);
    else e++;
    mag = high;
  }
  while (mag > 0) {
    const high = floorDiv(mag, BASE);
    const low = mag - high * BASE;
    if (low !== 0 || w.length > 0) w.push(low);
    else e++;
    mag = high;
  }
  return e;
}

/** x in big form (small ones converted to words on decimal.js's grid). */
export function wide(x: Exact): Exact {
  if (x.w !== null) return x;
  const w: number[] = [];
  const e = smallWords(x, w);
  return new Exact(0, 0, w, e, x.n < 0);
}

/** Decimal digits of a word 1 <= w < 1e7. */
export function wordDigits(w: number): number {
  return w < 1e3 ? (w < 10 ? 1 : w < 100 ? 2 : 3) : w < 1e5 ? (w < 1e4 ? 4 : 5) : w < 1e6 ? 6 : 7;
}

/**
 * floor(x / y) for safe integers x >= 0 and y > 0. The float64 quotient can round up to the next
 * integer just below it; the check settles that. (% on a float64 beyond int32 is a slow library
 * call, which is why the engine splits numbers this way.)
 */
export function floorDiv(x: number, y: number): number {
  const q = Math.floor(x / y);
  return q * y > x ? q - 1 : q;
}

/** Trailing decimal zeros of a word 1 <= w < 1e7 (int32 arithmetic). */
export function trailingZeros(w: number): number {
  let z = 0;
  let x = w | 0;
  while (x % 10 === 0) {
    x = (x / 10) | 0;
    z++;
  }
  return z;
}
