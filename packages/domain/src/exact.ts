import { Decimal } from "./decimal.js";
import { Fixed, quotient as fixedQuotient, toFixedString as fixedString, pow10 } from "./fixed.js";

const BASE = 10_000_000;
/** Largest divisor the word-wise long division takes: remainder x 1e7 + a word stays a safe integer. */
const WORD_DIVISOR = 900_000_000;
/** Largest divisor the digit-wise long division takes: remainder x 10 + a digit stays a safe integer. */
const DIGIT_DIVISOR = 900_000_000_000_000;
const SIGNIFICANT = 40;
const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/**
 * The position engine's exact number: (-1 if neg) x sum of w[i] x 1e7^(e + i), base-1e7 words
 * least significant first, on decimal.js's own word grid (words sit on powers of 1e7 from the
 * decimal point). Publishing a result as a Decimal is then a copy of the words, not a digit
 * conversion, and every word operation is plain float64 integer arithmetic (products < 1e14):
 * the engine's hot path allocates small arrays instead of BigInts (DESIGN.md §9 asks the exact
 * engine for >= 0.1 of float64). Sums, differences and products are exact; only `quotient`
 * rounds, to 40 significant digits half-even, as Decimal's division and Fixed's quotient do.
 *
 * Normalized: no zero word at either end; zero is no words. Word arrays are never mutated once
 * an Exact holds them, so values share them freely.
 */
export class Exact {
  constructor(
    readonly w: number[],
    readonly e: number,
    readonly neg: boolean,
  ) {}
}

export const ZERO = new Exact([], 0, false);

export const isZero = (x: Exact): boolean => x.w.length === 0;
export const isNeg = (x: Exact): boolean => x.neg;

/** An integer 0 <= n < 1e7 as an Exact. */
export function small(n: number): Exact {
  return n === 0 ? ZERO : new Exact([n], 0, false);
}

/** Trims zero words from both ends of a freshly built word array. */
function norm(w: number[], e: number, neg: boolean): Exact {
  let hi = w.length;
  while (hi > 0 && w[hi - 1] === 0) hi--;
  if (hi === 0) return ZERO;
  let lo = 0;
  while (w[lo] === 0) lo++;
  if (lo > 0 || hi < w.length) return new Exact(w.slice(lo, hi), e + lo, neg);
  return new Exact(w, e, neg);
}

/** -1, 0 or 1 as |a| compares to |b|. */
function cmpMag(a: Exact, b: Exact): number {
  const aw = a.w;
  const bw = b.w;
  if (aw.length === 0) return bw.length === 0 ? 0 : -1;
  if (bw.length === 0) return 1;
  const ta = a.e + aw.length;
  const tb = b.e + bw.length;
  if (ta !== tb) return ta > tb ? 1 : -1;
  let i = aw.length - 1;
  let j = bw.length - 1;
  for (; i >= 0 && j >= 0; i--, j--) {
    const x = aw[i]!;
    const y = bw[j]!;
    if (x !== y) return x > y ? 1 : -1;
  }
  // the lowest word of a normalized number is non-zero: whichever has words left is larger
  return i >= 0 ? 1 : j >= 0 ? -1 : 0;
}

/** |a| + |b| with the sign `neg` (both non-zero). */
function addMag(a: Exact, b: Exact, neg: boolean): Exact {
  const aw = a.w;
  const bw = b.w;
  const e = Math.min(a.e, b.e);
  const ta = a.e + aw.length;
  const tb = b.e + bw.length;
  const n = Math.max(ta, tb) - e;
  const ao = a.e - e;
  const bo = b.e - e;
  const r: number[] = [];
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const ia = i - ao;
    const ib = i - bo;
    let t = carry + (ia >= 0 && ia < aw.length ? aw[ia]! : 0) + (ib >= 0 && ib < bw.length ? bw[ib]! : 0);
    if (t >= BASE) {
      t -= BASE;
      carry = 1;
    } else carry = 0;
    r.push(t);
  }
  if (carry) r.push(1);
  return r[0] === 0 ? norm(r, e, neg) : new Exact(r, e, neg);
}

/** |a| - |b| with the sign `neg` (|a| > |b| > 0). */
function subMag(a: Exact, b: Exact, neg: boolean): Exact {
  const aw = a.w;
  const bw = b.w;
  const e = Math.min(a.e, b.e);
  const n = a.e + aw.length - e; // |a| > |b|: a reaches at least as high
  const ao = a.e - e;
  const bo = b.e - e;
  const r: number[] = [];
  let borrow = 0;
  for (let i = 0; i < n; i++) {
    const ia = i - ao;
    const ib = i - bo;
    let t = (ia >= 0 && ia < aw.length ? aw[ia]! : 0) - (ib >= 0 && ib < bw.length ? bw[ib]! : 0) - borrow;
    if (t < 0) {
      t += BASE;
      borrow = 1;
    } else borrow = 0;
    r.push(t);
  }
  return norm(r, e, neg);
}

function addSigned(a: Exact, b: Exact, bNeg: boolean): Exact {
  if (b.w.length === 0) return a;
  if (a.w.length === 0) return bNeg === b.neg ? b : new Exact(b.w, b.e, bNeg);
  if (a.neg === bNeg) return addMag(a, b, bNeg);
  const c = cmpMag(a, b);
  if (c === 0) return ZERO;
  return c > 0 ? subMag(a, b, a.neg) : subMag(b, a, bNeg);
}

export function add(a: Exact, b: Exact): Exact {
  return addSigned(a, b, b.neg);
}
export function sub(a: Exact, b: Exact): Exact {
  return addSigned(a, b, !b.neg);
}
export function neg(a: Exact): Exact {
  return a.w.length === 0 ? a : new Exact(a.w, a.e, !a.neg);
}
export function abs(a: Exact): Exact {
  return a.neg ? new Exact(a.w, a.e, false) : a;
}
/** -1, 0 or 1 as a compares to b. */
export function cmp(a: Exact, b: Exact): number {
  const sa = a.w.length === 0 ? 0 : a.neg ? -1 : 1;
  const sb = b.w.length === 0 ? 0 : b.neg ? -1 : 1;
  if (sa !== sb) return sa > sb ? 1 : -1;
  return sa >= 0 ? cmpMag(a, b) : cmpMag(b, a);
}

export function mul(a: Exact, b: Exact): Exact {
  const aw = a.w;
  const bw = b.w;
  const la = aw.length;
  const lb = bw.length;
  if (la === 0 || lb === 0) return ZERO;
  const neg = a.neg !== b.neg;
  if (la === 1 && lb === 1) {
    const t = aw[0]! * bw[0]!;
    const hi = Math.floor(t / BASE);
    const lo = t - hi * BASE;
    return hi === 0 ? new Exact([lo], a.e + b.e, neg) : norm([lo, hi], a.e + b.e, neg);
  }
  const r: number[] = [];
  for (let k = la + lb; k > 0; k--) r.push(0);
  for (let i = 0; i < la; i++) {
    const x = aw[i]!;
    if (x === 0) continue;
    let carry = 0;
    for (let j = 0; j < lb; j++) {
      // < 1e7 + 1e14 + 1e7: exact in float64, and floor(t / 1e7) is exact below 2^53
      const t = r[i + j]! + x * bw[j]! + carry;
      carry = Math.floor(t / BASE);
      r[i + j] = t - carry * BASE;
    }
    r[i + lb] = carry;
  }
  return norm(r, a.e + b.e, neg);
}

/** Decimal digits of a word 1 <= w < 1e7. */
function wordDigits(w: number): number {
  return w < 1e3 ? (w < 10 ? 1 : w < 100 ? 2 : 3) : w < 1e5 ? (w < 1e4 ? 4 : 5) : w < 1e6 ? 6 : 7;
}

/**
 * Rounds quotient words (most significant first, the last one at word exponent `low`) to 40
 * significant digits half-even; `sticky` says whether anything non-zero follows them.
 */
function roundWords(q: number[], low: number, sticky: boolean, neg: boolean): Exact {
  const n = q.length;
  const drop = wordDigits(q[0]!) + 7 * (n - 1) - SIGNIFICANT; // 1..7 by construction
  const unit = POW10[drop]!;
  const last = q[n - 1]!;
  const rest = last % unit;
  const kept = last - rest;
  q[n - 1] = kept;
  const half = unit / 2;
  if (rest > half || (rest === half && (sticky || (drop < 7 ? (kept / unit) % 2 === 1 : q[n - 2]! % 2 === 1)))) {
    let i = n - 1;
    q[i] = q[i]! + unit;
    while (q[i]! >= BASE) {
      q[i] = q[i]! - BASE;
      if (i === 0) {
        q.unshift(1);
        break;
      }
      i--;
      q[i] = q[i]! + 1;
    }
  }
  q.reverse();
  return norm(q, low, neg);
}

/** Quotient by a divisor word-sized enough that remainder x 1e7 + word stays exact. */
function quotientByWords(a: Exact, divisor: number, be: number, neg: boolean): Exact {
  const aw = a.w;
  const q: number[] = [];
  let r = 0;
  let digits = 0;
  let i = aw.length - 1;
  let k = a.e + i; // word exponent of the numerator word fed next
  for (;;) {
    const t = r * BASE + (i >= 0 ? aw[i]! : 0);
    i--;
    let d = Math.floor(t / divisor);
    r = t - d * divisor;
    // the float quotient can be one off next to an integer: settle it exactly
    if (r < 0) {
      d--;
      r += divisor;
    } else if (r >= divisor) {
      d++;
      r -= divisor;
    }
    if (digits > 0) {
      q.push(d);
      digits += 7;
    } else if (d > 0) {
      q.push(d);
      digits = wordDigits(d);
    }
    if (digits > SIGNIFICANT) break;
    k--;
  }
  // everything left in the numerator is non-zero exactly when words remain (the lowest is non-zero)
  return roundWords(q, k - be, r !== 0 || i >= 0, neg);
}

/** Quotient by a divisor < 9e14, one decimal digit at a time. */
function quotientByDigits(a: Exact, divisor: number, be: number, neg: boolean): Exact {
  const aw = a.w;
  const out: number[] = []; // quotient digits, most significant first
  let r = 0;
  let i = aw.length - 1;
  let place = 7 * (a.e + i) + 6; // decimal place of the numerator digit fed next
  let word = aw[i]!;
  let pos = 6; // digit of `word` fed next, 6 = its most significant
  for (;;) {
    let digit = 0;
    if (i >= 0) {
      const unit = POW10[pos]!;
      digit = Math.floor(word / unit);
      word -= digit * unit;
      if (pos === 0) {
        i--;
        pos = 6;
        word = i >= 0 ? aw[i]! : 0;
      } else pos--;
    }
    let t = r * 10 + digit;
    let d = Math.floor(t / divisor);
    t -= d * divisor;
    if (t < 0) {
      d--;
      t += divisor;
    } else if (t >= divisor) {
      d++;
      t -= divisor;
    }
    r = t;
    if (out.length > 0 || d > 0) out.push(d);
    if (out.length > SIGNIFICANT) break;
    place--;
  }
  // out holds 41 digits: the 41st decides the rounding with what follows it
  const guard = out.pop()!;
  const sticky = r !== 0 || (i >= 0 && (word !== 0 || i > 0));
  let lastPlace = place + 1 - 7 * be; // decimal place of out's last digit in the quotient
  if (guard > 5 || (guard === 5 && (sticky || out[SIGNIFICANT - 1]! % 2 === 1))) {
    let j = SIGNIFICANT - 1;
    while (j >= 0 && out[j] === 9) out[j--] = 0;
    if (j >= 0) out[j] = out[j]! + 1;
    else {
      out.unshift(1);
      out.pop();
      lastPlace++;
    }
  }
  // pack the digits onto the word grid
  const w: number[] = [];
  const low = Math.floor(lastPlace / 7);
  let acc = 0;
  let p = lastPlace - 7 * low; // position of the current digit inside its word
  for (let j = out.length - 1; j >= 0; j--) {
    acc += out[j]! * POW10[p]!;
    if (++p === 7) {
      w.push(acc);
      acc = 0;
      p = 0;
    }
  }
  if (acc > 0) w.push(acc);
  return norm(w, low, neg);
}

/** a / b rounded half-even to 40 significant digits (b != 0). */
export function quotient(a: Exact, b: Exact): Exact {
  if (a.w.length === 0) return ZERO;
  const neg = a.neg !== b.neg;
  const bw = b.w;
  let divisor = bw[0]!;
  if (bw.length === 2) divisor += bw[1]! * BASE;
  else if (bw.length === 3 && bw[2]! < 9) divisor += bw[1]! * BASE + bw[2]! * 1e14;
  else if (bw.length !== 1) return fromFixed(fixedQuotient(toFixed(a), toFixed(b)));
  if (divisor < WORD_DIVISOR) return quotientByWords(a, divisor, b.e, neg);
  if (divisor < DIGIT_DIVISOR) return quotientByDigits(a, divisor, b.e, neg);
  return fromFixed(fixedQuotient(toFixed(a), toFixed(b)));
}

/** A finite Decimal as an Exact, read from its documented words (d, base 1e7), exponent e and sign s. */
export function fromDecimal(x: Decimal): Exact {
  const d = x.d;
  let hi = d.length;
  while (hi > 0 && d[hi - 1] === 0) hi--;
  let lo = 0;
  while (lo < hi && d[lo] === 0) lo++;
  if (lo === hi) return ZERO;
  const w: number[] = [];
  for (let i = hi - 1; i >= lo; i--) w.push(d[i]!);
  // d[0] holds the digits of 1e7^floor(e/7); each further word is one power of 1e7 lower
  return new Exact(w, Math.floor(x.e / 7) - (hi - 1 - lo) - lo, x.s < 0);
}

const ZERO_DECIMAL = new Decimal(0);

/** The exact value as a public Decimal: its words are already decimal.js's. */
export function toDecimal(a: Exact): Decimal {
  const w = a.w;
  const n = w.length;
  if (n === 0) return ZERO_DECIMAL;
  const d = new Array<number>(n);
  for (let i = 0, j = n - 1; j >= 0; i++, j--) d[i] = w[j]!;
  const x = Object.create(Decimal.prototype) as Decimal & { constructor: unknown; s: number; e: number; d: number[] };
  x.constructor = Decimal;
  x.s = a.neg ? -1 : 1;
  x.e = 7 * (a.e + n - 1) + wordDigits(w[n - 1]!) - 1;
  x.d = d;
  return x;
}

/** The same value as a BigInt-mantissa Fixed. */
export function toFixed(a: Exact): Fixed {
  const w = a.w;
  let m = 0n;
  for (let i = w.length - 1; i >= 0; i--) m = m * 10_000_000n + BigInt(w[i]!);
  if (a.neg) m = -m;
  return a.e >= 0 ? new Fixed(m * pow10(7 * a.e), 0) : new Fixed(m, -7 * a.e);
}

/** A Fixed as an Exact. */
export function fromFixed(f: Fixed): Exact {
  if (f.m === 0n) return ZERO;
  let mag = f.m < 0n ? -f.m : f.m;
  let scale = f.s;
  const r = ((scale % 7) + 7) % 7;
  if (r !== 0) {
    mag *= pow10(7 - r);
    scale += 7 - r;
  }
  const text = mag.toString();
  const w: number[] = [];
  for (let end = text.length; end > 0; end -= 7) w.push(Number(text.slice(Math.max(0, end - 7), end)));
  return norm(w, -scale / 7, f.m < 0n);
}

/** The exact value as a plain decimal string (no exponent), as toDict stores it. */
export function toFixedString(a: Exact): string {
  return fixedString(toFixed(a));
}
