import { Decimal } from "./decimal.js";
import {
  BASE,
  Exact,
  isNeg,
  isZero,
  MAX_SAFE,
  norm,
  POW10,
  small,
  smallWords,
  trailingZeros,
  wide,
  wordDigits,
  ZERO,
} from "./exact-number.js";
import { quotientLong } from "./exact-quotient.js";
import { addWords, cmpWords, mulWords } from "./exact-words.js";
import { Fixed, quotient as fixedQuotient, toFixedString as fixedString, pow10 } from "./fixed.js";

export { Exact, isNeg, isZero, small, ZERO };

/** n x 10^-s, or null when bringing it to scale s leaves the safe integers. */
function rescale(n: number, from: number, to: number): number | null {
  const k = to - from;
  if (k > 15) return null;
  const t = n * POW10[k]!;
  return t <= MAX_SAFE && t >= -MAX_SAFE ? t : null;
}

/** a + b x sign, both small; null when the sum leaves the safe integers. */
function addSmall(a: Exact, bn: number, bs: number): Exact | null {
  let x = a.n;
  let y = bn;
  let s = a.s;
  if (a.s > bs) {
    const t = rescale(bn, bs, a.s);
    if (t === null) return null;
    y = t;
  } else if (a.s < bs) {
    const t = rescale(a.n, a.s, bs);
    if (t === null) return null;
    x = t;
    s = bs;
  }
  const t = x + y;
  if (t > MAX_SAFE || t < -MAX_SAFE) return null;
  return t === 0 ? ZERO : new Exact(t, s, null, 0, false);
}

export function add(a: Exact, b: Exact): Exact {
  if (isZero(b)) return a;
  if (isZero(a)) return b;
  if (a.w === null && b.w === null) {
    const r = addSmall(a, b.n, b.s);
    if (r !== null) return r;
  }
  const y = wide(b);
  return addWords(wide(a), y, y.neg);
}
export function sub(a: Exact, b: Exact): Exact {
  if (isZero(b)) return a;
  if (a.w === null && b.w === null) {
    const r = addSmall(a, -b.n, b.s);
    if (r !== null) return r;
  }
  const y = wide(b);
  return addWords(wide(a), y, !y.neg);
}
export function neg(a: Exact): Exact {
  if (a.w === null) return a.n === 0 ? a : new Exact(-a.n, a.s, null, 0, false);
  return new Exact(0, 0, a.w, a.e, !a.neg);
}
export function abs(a: Exact): Exact {
  return isNeg(a) ? neg(a) : a;
}
/** -1, 0 or 1 as a compares to b. */
export function cmp(a: Exact, b: Exact): number {
  const sa = a.w === null ? Math.sign(a.n) : a.neg ? -1 : 1;
  const sb = b.w === null ? Math.sign(b.n) : b.neg ? -1 : 1;
  if (sa !== sb) return sa > sb ? 1 : -1;
  if (sa === 0) return 0;
  if (a.w === null && b.w === null) {
    if (a.s === b.s) return a.n === b.n ? 0 : a.n > b.n ? 1 : -1;
    const x = a.s < b.s ? rescale(a.n, a.s, b.s) : a.n;
    const y = b.s < a.s ? rescale(b.n, b.s, a.s) : b.n;
    if (x !== null && y !== null) return x === y ? 0 : x > y ? 1 : -1;
  }
  const c = cmpWords(wide(a), wide(b));
  return sa > 0 ? c : -c || 0;
}

export function mul(a: Exact, b: Exact): Exact {
  if (a.w === null && b.w === null) {
    const t = a.n * b.n;
    if (t === 0) return ZERO;
    if (t <= MAX_SAFE && t >= -MAX_SAFE) return new Exact(t, a.s + b.s, null, 0, false);
  }
  if (isZero(a) || isZero(b)) return ZERO;
  return mulWords(wide(a), wide(b));
}

/** a / b rounded half-even to 40 significant digits (b != 0), exactly as Decimal's division. */
export function quotient(a: Exact, b: Exact): Exact {
  return quotientLong(a, b) ?? fromFixed(fixedQuotient(toFixed(a), toFixed(b)));
}

/** A finite Decimal as an Exact, read from its documented words (d, base 1e7), exponent e and sign s. */
export function fromDecimal(x: Decimal): Exact {
  const d = x.d;
  let hi = d.length;
  while (hi > 0 && d[hi - 1] === 0) hi--;
  let lo = 0;
  while (lo < hi && d[lo] === 0) lo++;
  if (lo === hi) return ZERO;
  // d[0] holds the digits of 1e7^floor(e/7); each further word is one power of 1e7 lower
  const e = Math.floor(x.e / 7) - (hi - 1);
  const count = hi - lo;
  if (count <= 2 || (count === 3 && d[lo]! < 90)) {
    let n = 0;
    for (let i = lo; i < hi; i++) n = n * BASE + d[i]!;
    // drop the lowest word's trailing zeros (word-grid padding) so products stay safe integers;
    // counted on the word, a small integer, since % on a large float64 is a slow library call
    const z = trailingZeros(d[hi - 1]!);
    return new Exact(x.s < 0 ? -n / POW10[z]! : n / POW10[z]!, -7 * e - z, null, 0, false);
  }
  const w: number[] = [];
  for (let i = hi - 1; i >= lo; i--) w.push(d[i]!);
  return new Exact(0, 0, w, e, x.s < 0);
}

const ZERO_DECIMAL = new Decimal(0);

/** The exact value as a public Decimal, built from its words (decimal.js's documented d, e, s). */
export function toDecimal(a: Exact): Decimal {
  if (isZero(a)) return ZERO_DECIMAL;
  let d: number[];
  let e: number;
  if (a.w === null) {
    // small: the fresh words are reversed in place into decimal.js's most-significant-first order
    d = [];
    e = smallWords(a, d);
    d.reverse();
  } else {
    const w = a.w;
    const n = w.length;
    d = new Array<number>(n);
    for (let i = 0, j = n - 1; j >= 0; i++, j--) d[i] = w[j]!;
    e = a.e;
  }
  const x = Object.create(Decimal.prototype) as Decimal & { constructor: unknown; s: number; e: number; d: number[] };
  x.constructor = Decimal;
  x.s = isNeg(a) ? -1 : 1;
  x.e = 7 * (e + d.length - 1) + wordDigits(d[0]!) - 1;
  x.d = d;
  return x;
}

/** The same value as a BigInt-mantissa Fixed. */
export function toFixed(a: Exact): Fixed {
  if (a.w === null) return new Fixed(BigInt(a.n), a.s);
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
