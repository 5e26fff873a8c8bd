import type { Decimal } from "./decimal.js";
import { words } from "./exact-words.js";

const { addProductInto, addWordsInto, BASE, carryOf, finish, scratch, top, ZERO } = words;

/** Words may grow to this magnitude before their carries must be settled (float64 stays exact below 2^53). */
const LIMIT = 2 ** 52;
const EMPTY_HI = -(2 ** 30);
const EMPTY_LO = 2 ** 30;

/**
 * A mutable exact sum of Decimals and of products of two Decimals, for the totals the position
 * engine builds while it walks lots (proceeds, cost closed, fee shares) and the running totals
 * it keeps (realized PnL, closed cost). Adding costs a pass over the addend's words, with no
 * allocation: words sit at fixed word exponents in a float64 buffer and carry lazily — each word
 * may hold any integer while a bound on their size stays below 2^52, and carries are settled
 * when it would not, or when the value is read.
 */
export class ExactSum {
  /** Word of exponent e (a power of 1e7) at #w[#base - e]. */
  #w = new Float64Array(24);
  #base = 8;
  /** The exponents in use, inclusive; #hi < #lo when empty. */
  #hi = EMPTY_HI;
  #lo = EMPTY_LO;
  /** A bound on |word| over the range in use. */
  #bound = 0;

  /** Empties the sum. */
  reset(): this {
    if (this.#hi >= this.#lo) this.#w.fill(0, this.#base - this.#hi, this.#base - this.#lo + 1);
    this.#hi = EMPTY_HI;
    this.#lo = EMPTY_LO;
    this.#bound = 0;
    return this;
  }

  /** Adds x x sign (sign 1 or -1). */
  add(x: Decimal, sign: number): void {
    const d = x.d;
    if (d[0] === 0) return;
    const l = d.length;
    const t = top(x);
    this.#cover(t, t - l + 1, BASE);
    addWordsInto(this.#w, this.#base - t, d, x.s * sign);
  }

  /** Adds a x b x sign (sign 1 or -1), the product exact. */
  addProduct(a: Decimal, b: Decimal, sign: number): void {
    const ad = a.d;
    const bd = b.d;
    if (ad[0] === 0 || bd[0] === 0) return;
    const la = ad.length;
    const lb = bd.length;
    const t = top(a) + top(b);
    // each word takes at most min(la, lb) products, each below 1e14
    this.#cover(t, t - la - lb + 2, Math.min(la, lb) * BASE * BASE);
    addProductInto(this.#w, this.#base - t, ad, bd, a.s * b.s * sign);
  }

  /** The sum as a Decimal. */
  value(): Decimal {
    this.#settle();
    if (this.#hi < this.#lo) return ZERO;
    // settled, every word but the top one is in [0, 1e7): the top word's sign is the sum's
    const negative = this.#w[this.#base - this.#hi]! < 0;
    if (negative) {
      this.#negate();
      this.#settle();
    }
    const w = this.#w;
    const from = this.#base - this.#hi;
    const n = this.#hi - this.#lo + 1;
    const out = scratch(n);
    for (let k = 0; k < n; k++) out[k] = w[from + k]!;
    if (negative) this.#negate(); // the sum itself is unchanged
    return finish(out, n, this.#hi, negative ? -1 : 1);
  }

  #negate(): void {
    const w = this.#w;
    for (let k = this.#base - this.#hi; k <= this.#base - this.#lo; k++) w[k] = -w[k]!;
  }

  /** Makes room for words at exponents lo..hi that will grow by up to `grow` each. */
  #cover(hi: number, lo: number, grow: number): void {
    if (this.#bound + grow > LIMIT) this.#settle();
    this.#bound += grow;
    if (hi > this.#base || this.#base - lo >= this.#w.length) this.#move(hi, lo);
    if (hi > this.#hi) this.#hi = hi;
    if (lo < this.#lo) this.#lo = lo;
  }

  /** A buffer with room for exponents hi..lo and what is in use, with spare words either side. */
  #move(hi: number, lo: number): void {
    const top = Math.max(hi, this.#hi) + 4;
    const bottom = Math.min(lo, this.#lo) - 4;
    const w = new Float64Array(Math.max(2 * this.#w.length, top - bottom + 1));
    if (this.#hi >= this.#lo) w.set(this.#w.subarray(this.#base - this.#hi, this.#base - this.#lo + 1), top - this.#hi);
    this.#w = w;
    this.#base = top;
  }

  /** Settles carries: every word in [0, 1e7) but the top one, which carries the sign; the range trimmed. */
  #settle(): void {
    if (this.#hi < this.#lo) return;
    const w = this.#w;
    const base = this.#base;
    let carry = 0;
    for (let e = this.#lo; e <= this.#hi; e++) {
      const t = w[base - e]! + carry;
      carry = carryOf(t);
      w[base - e] = t - carry * BASE;
    }
    // a carry out of the top: positive ones become new words; a negative one stays as the top word
    while (carry > 0) {
      this.#cover(this.#hi + 1, this.#lo, 0);
      const c = carryOf(carry);
      this.#w[this.#base - this.#hi] = carry - c * BASE;
      carry = c;
    }
    if (carry < 0) {
      this.#cover(this.#hi + 1, this.#lo, 0);
      this.#w[this.#base - this.#hi] = carry;
    }
    const v = this.#w;
    const b = this.#base;
    while (this.#hi >= this.#lo && v[b - this.#hi] === 0) this.#hi--;
    while (this.#hi >= this.#lo && v[b - this.#lo] === 0) this.#lo++;
    if (this.#hi < this.#lo) {
      this.#hi = EMPTY_HI;
      this.#lo = EMPTY_LO;
    }
    this.#bound = BASE;
  }
}
