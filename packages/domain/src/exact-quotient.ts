import { Decimal } from "./decimal.js";
import { words } from "./exact-words.js";

// The functions live in one closure, for the reason exact-words.ts gives.
const quotients = (() => {
  const { BASE, carryOf, decimalOf, floorSeventh, mulMag, POW10, top, trailingZeros, wordDigits, ZERO } = words;
  const INV_POW10: readonly number[] = POW10.map((p) => 1 / p);

  // 40 significant digits, half-even: the digits of Decimal's own division (decimal.ts).
  const SIGNIFICANT = 40;
  const TWO24 = 2 ** 24;
  const INV_TWO24 = 2 ** -24;

  // Quotient words, most significant first.
  let Q = new Float64Array(64);

  function quotientWords(n: number): Float64Array {
    if (n > Q.length) Q = new Float64Array(2 * n);
    return Q;
  }

  // The divisor as divide() uses it, set by layout() (which returns the step that fits): D, with
  // b = D x 1e7^be, at LAY[0]; be at LAY[1]; the numerator's multiplier M (times 10^k when b's
  // trailing zeros are dropped) at LAY[2]. A Float64Array holds them unboxed: a closure variable
  // holding a number past the small integers is a heap object, allocated at every store.
  const LAY = new Float64Array(3);
  const NONE = 0;
  const NARROW = 1;
  const WIDE = 2;

  // below 2^52, so a quotient word and the carry into it stay exact too
  const fitsNarrow = (d: number, m: number): boolean => (d + m) * BASE < 2 ** 52;
  const fitsWide = (d: number, m: number): boolean => d < 2 ** 48 && m * 2 <= d && m * BASE < 2 ** 53;

  /**
   * Lays out the divisor b for a numerator multiplied by m: D from b's words, or, when b's lowest
   * word has z trailing zeros, D' = D / 10^z with b = D' x 1e7^(be+1) / 10^(7-z) and the
   * numerator multiplied by 10^(7-z) instead — whichever takes the narrow step, else the wide one.
   */
  function layout(b: Decimal, m: number): number {
    const bd = b.d;
    const lb = bd.length;
    const be = top(b) - lb + 1;
    if (lb > 3) return NONE;
    const low = bd[lb - 1]!;
    const head = lb === 1 ? 0 : lb === 2 ? bd[0]! : bd[0]! * BASE + bd[1]!; // b's words above the lowest
    // three words make a D past 2^53 unless the top one is small
    const whole = lb < 3 || head < 2 ** 48 / BASE ? head * BASE + low : -1;
    if (whole >= 0 && fitsNarrow(whole, m)) return set(whole, be, m, NARROW);
    const z = lb > 1 ? trailingZeros(low) : 0;
    const up = POW10[7 - z]!;
    const cut = z > 0 && head * up < 2 ** 48 ? head * up + low / POW10[z]! : -1;
    if (cut >= 0 && fitsNarrow(cut, m * up)) return set(cut, be + 1, m * up, NARROW);
    if (whole >= 0 && fitsWide(whole, m)) return set(whole, be, m, WIDE);
    if (cut >= 0 && fitsWide(cut, m * up)) return set(cut, be + 1, m * up, WIDE);
    return NONE;
  }

  function set(d: number, be: number, m: number, mode: number): number {
    LAY[0] = d;
    LAY[1] = be;
    LAY[2] = m;
    return mode;
  }

  /**
   * |a| x M / b, rounded half-even to 40 significant digits, with the sign s, or null when b does
   * not fit either step: long division of a's words (most significant first, a's top word at word
   * exponent ta), each times the small integer M on the fly, so a product is divided without being
   * built. M = 1 divides a.
   *
   * One step per word of the numerator and then per word of the fraction, seven digits each. A
   * narrow divisor ((D + M) x 1e7 < 2^52) forms each partial dividend r x 1e7 + word x M exactly
   * in float64; a wide one (D < 2^48) computes the next remainder from 24-bit halves of r and D
   * instead. Either way each step multiplies by a reciprocal rather than dividing (the steps form
   * one dependency chain, and a division has several times a multiplication's latency); the
   * estimate is within one of the true quotient word, and the sign of the exact remainder settles
   * it. With M > 1 a word of the quotient may pass 1e7, and carries into the words above.
   */
  function divide(ad: number[], ta: number, M: number, b: Decimal, s: number): Decimal | null {
    const mode = layout(b, M);
    if (mode === NONE) return null;
    const d = LAY[0]!;
    const m = LAY[2]!;
    const narrow = mode === NARROW;
    const la = ad.length;
    // three spare words above the first step's word: its carries (a word below 9e15) and rounding's
    const q = quotientWords(la + 24);
    q[0] = 0;
    q[1] = 0;
    q[2] = 0;
    const inv = 1 / d;
    const scaled = BASE / d; // wide: r x 1e7 / D as one product
    const d1 = Math.floor(d * INV_TWO24);
    const d0 = d - d1 * TWO24;
    let r = 0;
    let n = 3;
    let first = 0; // index of the first non-zero quotient word, 0 until there is one
    for (let i = 0; ; i++) {
      const x = i < la ? ad[i]! * m : 0;
      let w: number;
      if (narrow) {
        const t = r * BASE + x;
        w = Math.floor(t * inv);
        r = t - w * d;
      } else {
        w = Math.floor(r * scaled + x * inv);
        const r1 = Math.floor(r * INV_TWO24);
        const r0 = r - r1 * TWO24;
        // r x 1e7 + x - w x D from the halves: every product exact below 2^48, every sum an
        // integer below 2^53
        r = (r1 * BASE - w * d1) * TWO24 + (r0 * BASE - w * d0) + x;
      }
      if (r < 0) {
        w--;
        r += d;
      } else if (r >= d) {
        w++;
        r -= d;
      }
      if (w >= BASE) {
        // M > 1: the word passes 1e7 (rarely by much while M < D); carry into the words above,
        // which the three spare words leave room for
        let c = carryOf(w);
        w -= c * BASE;
        let k = n - 1;
        for (;;) {
          const t = q[k]! + c;
          c = carryOf(t);
          q[k] = t - c * BASE;
          if (c === 0) break;
          k--;
        }
        if (first === 0 || k < first) first = k;
      }
      q[n] = w;
      if (first === 0 && w !== 0) first = n;
      n++;
      // enough words once the numerator is used up: seven from the first non-zero one (at least
      // 43 digits), or an exact end
      if (i >= la - 1 && ((first !== 0 && n - first >= 7) || r === 0)) break;
    }
    // q[3], the first step's word, has a's top word's exponent less the divisor's
    return first === 0 ? ZERO : round(q, first, n, ta - LAY[1]! + 3, r !== 0, s);
  }

  /**
   * Quotient words q[0..n) (q[0] at word exponent hi, each below 1e7, q[f] the first non-zero one)
   * rounded half-even to 40 significant digits; `sticky` says whether a non-zero remainder follows
   * them. The result's words go straight into its own array.
   */
  function round(q: Float64Array, f: number, n: number, hi: number, sticky: boolean, s: number): Decimal {
    // words kept: just over 40 digits from the first non-zero one, f + 1 + ceil((41 - lead) / 7)
    const lead = wordDigits(q[f]!);
    const end = f + floorSeventh(SIGNIFICANT + 14 - lead);
    for (let k = end; k < n; k++) if (q[k] !== 0) sticky = true;
    for (let k = n; k < end; k++) q[k] = 0;
    const drop = lead + 7 * (end - f - 1) - SIGNIFICANT; // 1..7: the last word keeps 7 - drop digits
    const unit = POW10[drop]!;
    const last = q[end - 1]!;
    // the digits kept, as a product rather than a division (last + 1/2 is at least 1/2 from a multiple)
    const above = Math.floor((last + 0.5) * INV_POW10[drop]!);
    const kept = above * unit;
    const rest = last - kept;
    q[end - 1] = kept;
    const half = unit / 2;
    let from = f;
    if (rest > half || (rest === half && (sticky || (drop < 7 ? (above & 1) === 1 : (q[end - 2]! & 1) === 1)))) {
      // q[0] stays a spare word for this carry: settled carries reach q[1] at most
      let k = end - 1;
      q[k] = q[k]! + unit;
      while (q[k]! >= BASE) {
        q[k] = q[k]! - BASE;
        k--;
        q[k] = q[k]! + 1;
      }
      if (k < from) from = k; // 99..9 became 10..0
    }
    let to = end;
    while (q[to - 1] === 0) to--;
    const d = new Array<number>(to - from);
    for (let k = from; k < to; k++) d[k - from] = q[k]! | 0;
    return decimalOf(s, (7 * (hi - from) + wordDigits(d[0]!) - 1) | 0, d);
  }

  /**
   * a / b (b != 0) rounded half-even to 40 significant digits, exactly as Decimal's division; with
   * `s`, |a| / |b| with the sign s.
   */
  function quotient(a: Decimal, b: Decimal, s = a.s === b.s ? 1 : -1): Decimal {
    if (a.d[0] === 0) return ZERO;
    return divide(a.d, top(a), 1, b, s) ?? withSign(Decimal.div(a, b), s);
  }

  /** a x m / b (b != 0) rounded half-even to 40 significant digits, the product exact; with `s`, of magnitudes, with the sign s. */
  function quotientOfProduct(a: Decimal, m: Decimal, b: Decimal, s = (a.s === m.s) === b.s > 0 ? 1 : -1): Decimal {
    if (a.d[0] === 0 || m.d[0] === 0) return ZERO;
    // the factor of one or two words is the small integer M; the other is divided word by word
    if (m.d.length > 2 && a.d.length <= 2) [a, m] = [m, a];
    const md = m.d;
    if (md.length <= 2) {
      // m = M x 1e7^me: its lowest word's exponent lowers every quotient word's
      const M = md.length === 1 ? md[0]! : md[0]! * BASE + md[1]!;
      const q = divide(a.d, top(a) + top(m) - md.length + 1, M, b, s);
      if (q !== null) return q;
    }
    return quotient(mulMag(a, m, 1), b, s);
  }

  function withSign(x: Decimal, s: number): Decimal {
    return x.s === s || x.isZero() ? x : x.neg();
  }

  return { quotient, quotientOfProduct };
})();

export const { quotient, quotientOfProduct } = quotients;
