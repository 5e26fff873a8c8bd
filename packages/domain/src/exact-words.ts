import { Decimal } from "./decimal.js";

// The position engine's exact arithmetic works on decimal.js's own documented layout — the sign
// s, the exponent e of the leading digit and the digits d in base-1e7 words, most significant
// first, with no zero word at either end — so reading an input and publishing a result are free.

// The functions live in one closure, called once, rather than at module scope: V8 specializes its
// optimized code on a closure's context, so calls between these functions and the constants they
// read become direct, which it does not do for an ES module's own scope. Measured on the position
// benchmark (pnpm bench): about 7% of a fill.
/** The word arithmetic, for the engine's modules to take what they use into their own closures. */
export const words = (() => {
  const BASE = 10_000_000;
  const INV_BASE = 1 / BASE;
  /** 10^k as a float64, exact for 0 <= k <= 22. */
  const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

  interface Parts {
    constructor: unknown;
    s: number;
    e: number;
    d: number[];
  }

  /**
   * Builds a Decimal from its parts without parsing, in the layout (and property order) decimal.js
   * gives its own instances, so it is a Decimal to every reader: instanceof, every method, toEqual.
   */
  const Built = function (this: Parts, s: number, e: number, d: number[]) {
    this.constructor = Decimal;
    this.s = s;
    this.e = e;
    this.d = d;
  } as unknown as new (
    s: number,
    e: number,
    d: number[],
  ) => Decimal;
  (Built as unknown as { prototype: object }).prototype = Decimal.prototype;

  /** A Decimal from its parts: sign, exponent of the leading digit, words (no zero word at either end). */
  function decimalOf(s: number, e: number, d: number[]): Decimal {
    return new Built(s, e, d);
  }

  const ZERO: Decimal = new Decimal(0);

  /**
   * floor(t / 1e7) for an integer |t| < 2^53, exactly. Carries form one dependency chain, and a
   * division has several times a multiplication's latency: t x 1e-7 is within one of the carry,
   * and the remainder settles it.
   */
  function carryOf(t: number): number {
    const c = Math.floor(t * INV_BASE);
    const r = t - c * BASE;
    return r < 0 ? c - 1 : r >= BASE ? c + 1 : c;
  }

  /** Decimal digits of a word 1 <= w < 1e7. */
  function wordDigits(w: number): number {
    return w < 1e3 ? (w < 10 ? 1 : w < 100 ? 2 : 3) : w < 1e5 ? (w < 1e4 ? 4 : 5) : w < 1e6 ? 6 : 7;
  }

  const INV_SEVEN = 1 / 7;

  /**
   * floor(k / 7) for an integer k, as a product rather than a division:
   * (k + 1/2) / 7 is at least 1/14 from an integer, far beyond the product's rounding error.
   */
  function floorSeventh(k: number): number {
    // |k| < 28672 (every exponent in practice): an integer multiply and shift, exact there
    const x = (k + 28_672) | 0;
    return x >>> 0 < 57_344 ? (Math.imul(x, 74_899) >>> 19) - 4096 : Math.floor((k + 0.5) * INV_SEVEN) | 0;
  }

  /** The word exponent (power of 1e7) of x's leading word: floor(e / 7). */
  function top(x: Decimal): number {
    return floorSeventh(x.e);
  }

  /** Trailing decimal zeros of a word 1 <= w < 1e7. */
  function trailingZeros(w: number): number {
    let z = 0;
    let x = w | 0;
    while (x % 10 === 0) {
      x = (x / 10) | 0;
      z++;
    }
    return z;
  }

  /**
   * Scratch words for the result being computed. Every operation fills it and finish() copies
   * the result out, so an operation allocates only the result's own word array, at its exact size.
   * Grows when an operation needs more (numbers of hundreds of digits).
   */
  let W = new Float64Array(64);
  function scratch(n: number): Float64Array {
    if (n > W.length) W = new Float64Array(2 * n);
    return W;
  }

  /**
   * The scratch words w[0..n), most significant first, w[0] at word exponent hi, as a Decimal:
   * zero words at either end dropped.
   */
  function finish(w: Float64Array, n: number, hi: number, s: number): Decimal {
    while (n > 0 && w[n - 1] === 0) n--;
    if (n === 0) return ZERO;
    let i = 0;
    while (w[i] === 0) i++;
    // words and exponent as int32 values, so V8 keeps them as small integers, as decimal.js's own are
    const d = new Array<number>(n - i);
    for (let k = i; k < n; k++) d[k - i] = w[k]! | 0;
    return new Built(s, (7 * (hi - i) + wordDigits(d[0]!) - 1) | 0, d);
  }

  // Addition and subtraction walk the words from the lowest up in phases — the tail of whichever
  // operand reaches lower, the overlap, then the head of the higher one — and carry without
  // branches: word digits are random, so a carry branch would be mispredicted half the time.
  // Words are int32 values, so (t >>> 31) is 1 exactly when t < 0.

  // The words go straight into the result's own array, at the length the operands give it; the
  // rare result that ends with a zero word, or starts with one, is trimmed after (pop, shift).

  /** |a| + |b| (both non-zero) with the sign s. */
  function addMag(a: Decimal, b: Decimal, s: number): Decimal {
    let ta = top(a);
    let tb = top(b);
    if (tb > ta) {
      const x = a;
      a = b;
      b = x;
      const y = ta;
      ta = tb;
      tb = y;
    }
    // a's word k and b's word k - off sit at the same exponent, the result's word k + up
    const ad = a.d;
    const bd = b.d;
    const off = ta - tb;
    const endA = ad.length - 1;
    const endB = off + bd.length - 1;
    const n = Math.max(endA, endB) + 1;
    // a word for a carry out of the top, unless the top words cannot reach 1e7 - 1
    const up = ad[0]! + (off === 0 ? bd[0]! : 0) < BASE - 1 ? 0 : 1;
    const r = new Array<number>(n + up);
    let k = n - 1;
    let carry = 0;
    for (; k > endA; k--) r[k + up] = k >= off ? bd[k - off]! : 0; // b below a's lowest word, or a gap
    for (; k > endB; k--) r[k + up] = ad[k]!; // a below b's lowest word
    for (; k >= off; k--) {
      const t = (ad[k]! + bd[k - off]! + carry) | 0;
      carry = (BASE - 1 - t) >>> 31;
      r[k + up] = t - (BASE & -carry);
    }
    for (; k >= 0; k--) {
      const t = (ad[k]! + carry) | 0;
      carry = (BASE - 1 - t) >>> 31;
      r[k + up] = t - (BASE & -carry);
    }
    let t = ta;
    if (up === 1) {
      if (carry === 0) r.shift();
      else {
        r[0] = carry;
        t++;
      }
    }
    // equal lowest exponents may sum to exactly 1e7
    while (r[r.length - 1] === 0) r.pop();
    return new Built(s, (7 * t + wordDigits(r[0]!) - 1) | 0, r);
  }

  /** |a| - |b| with the sign s, for |a| > |b| > 0. */
  function subMag(a: Decimal, b: Decimal, s: number): Decimal {
    const ad = a.d;
    const bd = b.d;
    const ta = top(a); // |a| > |b|: a's leading word is at least as high
    const off = ta - top(b);
    const endA = ad.length - 1;
    const endB = off + bd.length - 1;
    const n = Math.max(endA, endB) + 1;
    const r = new Array<number>(n);
    let k = n - 1;
    let borrow = 0;
    for (; k > endA; k--) {
      const t = (-(k >= off ? bd[k - off]! : 0) - borrow) | 0;
      borrow = t >>> 31;
      r[k] = t + (BASE & -borrow);
    }
    for (; k > endB; k--) r[k] = ad[k]!;
    for (; k >= off; k--) {
      const t = (ad[k]! - bd[k - off]! - borrow) | 0;
      borrow = t >>> 31;
      r[k] = t + (BASE & -borrow);
    }
    for (; k >= 0; k--) {
      const t = (ad[k]! - borrow) | 0;
      borrow = t >>> 31;
      r[k] = t + (BASE & -borrow);
    }
    // the top words may cancel, and equal lowest words do
    let t = ta;
    while (r[0] === 0) {
      r.shift();
      t--;
    }
    while (r[r.length - 1] === 0) r.pop();
    return new Built(s, (7 * t + wordDigits(r[0]!) - 1) | 0, r);
  }

  /** -1, 0 or 1 as |a| compares to |b|, both non-zero. */
  function cmpMag(a: Decimal, b: Decimal): number {
    if (a.e !== b.e) return a.e > b.e ? 1 : -1;
    // equal exponents put the leading words on the same power of 1e7
    const ad = a.d;
    const bd = b.d;
    const n = Math.min(ad.length, bd.length);
    for (let i = 0; i < n; i++) {
      const x = ad[i]!;
      const y = bd[i]!;
      if (x !== y) return x > y ? 1 : -1;
    }
    for (let i = n; i < ad.length; i++) if (ad[i] !== 0) return 1;
    for (let i = n; i < bd.length; i++) if (bd[i] !== 0) return -1;
    return 0;
  }

  /**
   * Adds s x a x b (s 1 or -1; a's and b's words) into the column sums w, the product of their
   * leading words at w[k0]: every product into its column, no carry (the caller bounds the sums).
   */
  function addProductInto(w: Float64Array, k0: number, ad: readonly number[], bd: readonly number[], s: number): void {
    const lb = bd.length;
    for (let i = 0; i < ad.length; i++) {
      const x = s * ad[i]!;
      for (let j = 0, k = k0 + i; j < lb; j++, k++) w[k] = w[k]! + x * bd[j]!;
    }
  }

  /** Adds s x the words d into w from w[k0] (s any small integer), no carry. */
  function addWordsInto(w: Float64Array, k0: number, d: readonly number[], s: number): void {
    for (let k = 0; k < d.length; k++) w[k0 + k] = w[k0 + k]! + s * d[k]!;
  }

  /**
   * Settles the carries of r[0..n) (any integers below 2^52 in magnitude) from the lowest word
   * up: every word but r[0] into [0, 1e7), and r[0], a spare word, takes the carry out (signed).
   */
  function carryUp(r: Float64Array, n: number): void {
    let carry = 0;
    for (let k = n - 1; k > 0; k--) {
      const t = r[k]! + carry;
      carry = carryOf(t);
      r[k] = t - carry * BASE;
    }
    r[0] = r[0]! + carry;
  }

  /** Column sums stay exact below 2^52 while no column takes this many products of two words. */
  const MAX_COLUMN = Math.floor(2 ** 52 / (BASE * BASE)) - 1;

  /** a x b, both non-zero; with `s`, |a| x |b| with the sign s. */
  function mulMag(a: Decimal, b: Decimal, s = a.s === b.s ? 1 : -1): Decimal {
    const ad = a.d;
    const bd = b.d;
    const la = ad.length;
    const lb = bd.length;
    const n = la + lb;
    const r = scratch(n);
    for (let k = 0; k < n; k++) r[k] = 0;
    if (Math.min(la, lb) <= MAX_COLUMN) {
      // every product into its column with no carry (the products are independent), then one
      // carry pass
      addProductInto(r, 1, ad, bd, 1);
      carryUp(r, n); // r[0] is still 0: it becomes the carry out
    } else
      for (let i = la - 1; i >= 0; i--) {
        // hundreds of words a side: carry as each product lands
        const x = ad[i]!;
        let carry = 0;
        for (let j = lb - 1; j >= 0; j--) {
          const t = r[i + j + 1]! + x * bd[j]! + carry; // < 1e7 + 1e14 + 1e7: exact
          carry = carryOf(t);
          r[i + j + 1] = t - carry * BASE;
        }
        r[i] = carry;
      }
    // r[0] is at word exponent top(a) + top(b) + 1 and may be 0
    return finish(r, n, top(a) + top(b) + 1, s);
  }

  /**
   * sp x |a| x |b| + sc x c + sd x d (sp, sc, sd each 1 or -1), exactly, in one pass: what would be
   * a product, a difference and a sum built one after another, with one result. For factors of up
   * to MAX_COLUMN words; null otherwise.
   */
  function linear(a: Decimal, b: Decimal, sp: number, c: Decimal, sc: number, d: Decimal, sd: number): Decimal | null {
    const ad = a.d;
    const bd = b.d;
    const la = ad.length;
    const lb = bd.length;
    if (Math.min(la, lb) > MAX_COLUMN) return null;
    const cd = c.d;
    const dd = d.d;
    const pz = ad[0] === 0 || bd[0] === 0;
    const cz = cd[0] === 0;
    const dz = dd[0] === 0;
    // word exponents: the product's words from tp down to tp - la - lb + 1 (tp's may stay 0)
    const tp = top(a) + top(b) + 1;
    const tc = cz ? 0 : top(c);
    const td = dz ? 0 : top(d);
    let hi = -(2 ** 30);
    let lo = 2 ** 30;
    if (!pz) {
      hi = tp;
      lo = tp - la - lb + 1;
    }
    if (!cz) {
      hi = Math.max(hi, tc);
      lo = Math.min(lo, tc - cd.length + 1);
    }
    if (!dz) {
      hi = Math.max(hi, td);
      lo = Math.min(lo, td - dd.length + 1);
    }
    if (hi < lo) return ZERO;
    hi++; // room for the carry out of three terms, |top word| < 3
    // the word of exponent x at r[hi - x]
    const n = hi - lo + 1;
    const r = scratch(n);
    for (let k = 0; k < n; k++) r[k] = 0;
    if (!pz) addProductInto(r, hi - tp + 1, ad, bd, sp);
    if (!cz) addWordsInto(r, hi - tc, cd, sc * c.s);
    if (!dz) addWordsInto(r, hi - td, dd, sd * d.s);
    // carries from the lowest word: every word but the top one into [0, 1e7); the top one signed
    carryUp(r, n);
    if (r[0]! >= 0) return finish(r, n, hi, 1);
    // negative: the magnitude is the words negated, their borrows settled (int32, no branches)
    let borrow = 0;
    for (let k = n - 1; k > 0; k--) {
      const t = (-r[k]! - borrow) | 0;
      borrow = t >>> 31;
      r[k] = t + (BASE & -borrow);
    }
    r[0] = -r[0]! - borrow;
    return finish(r, n, hi, -1);
  }

  /**
   * |a| x |b| + |x| x |y| + c (c >= 0) exactly, in one pass: the cost basis of two lots' closing parts
   * added to what is closed so far, with one result rather than two. Null when the factors are
   * too long for column sums to stay exact (the caller adds one product at a time).
   */
  function twoProducts(a: Decimal, b: Decimal, x: Decimal, y: Decimal, c: Decimal): Decimal | null {
    const ad = a.d;
    const bd = b.d;
    const xd = x.d;
    const yd = y.d;
    const cd = c.d;
    const la = ad.length;
    const lb = bd.length;
    const lx = xd.length;
    const ly = yd.length;
    // a column takes at most this many products of two words, and one word of c; a negative c
    // (never a cost) would need the sign handling of linear()
    if (Math.min(la, lb) + Math.min(lx, ly) + 1 > MAX_COLUMN || ad[0] === 0 || bd[0] === 0 || xd[0] === 0 || yd[0] === 0)
      return null;
    if (c.s < 0 && cd[0] !== 0) return null;
    // the products' top words (which may stay 0) at word exponents tp and tq
    const tp = top(a) + top(b) + 1;
    const tq = top(x) + top(y) + 1;
    let hi = Math.max(tp, tq);
    let lo = Math.min(tp - la - lb + 1, tq - lx - ly + 1);
    const cz = cd[0] === 0;
    const tc = cz ? 0 : top(c);
    if (!cz) {
      hi = Math.max(hi, tc);
      lo = Math.min(lo, tc - cd.length + 1);
    }
    hi++; // room for the carry out of the sum
    // the word of exponent e at r[hi - e]
    const n = hi - lo + 1;
    const r = scratch(n);
    for (let k = 0; k < n; k++) r[k] = 0;
    addProductInto(r, hi - tp + 1, ad, bd, 1);
    addProductInto(r, hi - tq + 1, xd, yd, 1);
    if (!cz) addWordsInto(r, hi - tc, cd, 1);
    carryUp(r, n);
    return finish(r, n, hi, 1);
  }

  /** -a for a non-zero a, sharing its words (never mutated). */
  function negMag(a: Decimal): Decimal {
    return new Built(-a.s, a.e, a.d);
  }

  return {
    BASE,
    POW10,
    decimalOf,
    ZERO,
    carryOf,
    wordDigits,
    floorSeventh,
    top,
    trailingZeros,
    scratch,
    finish,
    addProductInto,
    addWordsInto,
    addMag,
    subMag,
    cmpMag,
    mulMag,
    linear,
    twoProducts,
    negMag,
  };
})();
