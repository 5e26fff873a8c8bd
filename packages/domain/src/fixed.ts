import { Decimal } from "./decimal.js";

/**
 * An exact number `m * 10^-s` with a BigInt mantissa: trade statistics compute on it, and the
 * position engine's Exact (exact.ts) falls back to it for divisions its float64 long division
 * cannot take. Additions, subtractions and multiplications are always exact and only `quotient`
 * rounds, to 40 significant digits half-even, exactly as Decimal's division does.
 */
export class Fixed {
  constructor(
    readonly m: bigint,
    readonly s: number,
  ) {}
}

const POW: bigint[] = [1n];
/** 10^k as a BigInt (k >= 0). */
export function pow10(k: number): bigint {
  while (POW.length <= k) POW.push(POW[POW.length - 1]! * 10n);
  return POW[k]!;
}

export const ZERO = new Fixed(0n, 0);
const SIGNIFICANT = 40;

export function add(a: Fixed, b: Fixed): Fixed {
  if (a.s === b.s) return new Fixed(a.m + b.m, a.s);
  return a.s > b.s ? new Fixed(a.m + b.m * pow10(a.s - b.s), a.s) : new Fixed(a.m * pow10(b.s - a.s) + b.m, b.s);
}
export function sub(a: Fixed, b: Fixed): Fixed {
  if (a.s === b.s) return new Fixed(a.m - b.m, a.s);
  return a.s > b.s ? new Fixed(a.m - b.m * pow10(a.s - b.s), a.s) : new Fixed(a.m * pow10(b.s - a.s) - b.m, b.s);
}
export function mul(a: Fixed, b: Fixed): Fixed {
  return new Fixed(a.m * b.m, a.s + b.s);
}
export function neg(a: Fixed): Fixed {
  return new Fixed(-a.m, a.s);
}
export function abs(a: Fixed): Fixed {
  return a.m < 0n ? new Fixed(-a.m, a.s) : a;
}
/** -1, 0 or 1 as a compares to b. */
export function cmp(a: Fixed, b: Fixed): number {
  let x = a.m;
  let y = b.m;
  if (a.s > b.s) y *= pow10(a.s - b.s);
  else if (a.s < b.s) x *= pow10(b.s - a.s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Number of decimal digits of x > 0. */
function digits(x: bigint): number {
  const n = Number(x);
  // log10 of the nearest double can be off by one next to a power of ten: settle it exactly
  let d = n < 1e308 ? Math.floor(Math.log10(n)) + 1 : x.toString().length;
  if (x < pow10(d - 1)) d--;
  else if (x >= pow10(d)) d++;
  return d;
}

/** a / b rounded half-even to 40 significant digits (b != 0). */
export function quotient(a: Fixed, b: Fixed): Fixed {
  if (a.m === 0n) return ZERO;
  const negative = a.m < 0n !== b.m < 0n;
  const n = a.m < 0n ? -a.m : a.m;
  const d = b.m < 0n ? -b.m : b.m;
  // Scale the numerator so the truncated quotient has 41 or 42 digits, then round once from it:
  // the dropped digits and whether the division left a remainder decide, as in a long division.
  const k = Math.max(0, SIGNIFICANT + 1 + digits(d) - digits(n));
  const scaled = n * pow10(k);
  let q = scaled / d;
  const sticky = scaled !== q * d;
  const drop = digits(q) - SIGNIFICANT; // 1 or 2
  let scale = a.s - b.s + k;
  if (drop > 0) {
    const unit = pow10(drop);
    const rest = q % unit;
    q /= unit;
    scale -= drop;
    const half = unit / 2n;
    if (rest > half || (rest === half && (sticky || q % 2n === 1n))) q += 1n;
  }
  return new Fixed(negative ? -q : q, scale);
}

/** A finite Decimal as a Fixed, read from its documented digits (d, base 1e7), exponent e and sign s. */
export function fromDecimal(x: Decimal): Fixed {
  const words = x.d;
  if (!words || words.length === 0 || (words.length === 1 && words[0] === 0)) return ZERO;
  let m = BigInt(words[0]!);
  for (let i = 1; i < words.length; i++) m = m * 10_000_000n + BigInt(words[i]!);
  // the first word holds the digits of 1e7^floor(e/7); each further word is one power of 1e7 lower
  const scale = 7 * (words.length - 1 - Math.floor(x.e / 7));
  if (scale < 0) m *= pow10(-scale);
  return new Fixed(x.s < 0 ? -m : m, Math.max(scale, 0));
}

const SAFE = 9_007_199_254_740_991n;
const ZERO_DECIMAL = new Decimal(0);

/** Decimal digits of a word 1 <= w < 1e7. */
function wordDigits(w: number): number {
  return w < 1e3 ? (w < 10 ? 1 : w < 100 ? 2 : 3) : w < 1e5 ? (w < 1e4 ? 4 : 5) : w < 1e6 ? 6 : 7;
}

/** The exact value as a public Decimal, built from base-1e7 words (decimal.js's documented d, e, s). */
export function toDecimal(a: Fixed): Decimal {
  if (a.m === 0n) return ZERO_DECIMAL;
  let mag = a.m < 0n ? -a.m : a.m;
  let scale = a.s;
  // decimal.js words sit on powers of 1e7 from the decimal point: make the scale a multiple of 7
  const r = scale % 7;
  const pad = r === 0 ? 0 : r > 0 ? 7 - r : -r;
  if (pad !== 0) {
    mag *= pow10(pad);
    scale += pad;
  }
  const low: number[] = []; // least significant word first
  if (mag <= SAFE) {
    let n = Number(mag);
    while (n > 0) {
      const w = n % 10_000_000;
      low.push(w);
      n = (n - w) / 10_000_000;
    }
  } else {
    // one native conversion beats a BigInt division per word
    const text = mag.toString();
    for (let end = text.length; end > 0; end -= 7) low.push(Number(text.slice(Math.max(0, end - 7), end)));
  }
  const total = low.length;
  let zeros = 0;
  while (low[zeros] === 0) zeros++;
  const d = new Array<number>(total - zeros);
  for (let i = total - 1, j = 0; i >= zeros; i--, j++) d[j] = low[i]!;
  const x = Object.create(Decimal.prototype) as Decimal & { constructor: unknown; s: number; e: number; d: number[] };
  x.constructor = Decimal;
  x.s = a.m < 0n ? -1 : 1;
  x.e = 7 * (total - 1 - scale / 7) + wordDigits(low[total - 1]!) - 1;
  x.d = d;
  return x;
}

/** The exact value as a plain decimal string (no exponent), as toDict stores it. */
export function toFixedString(a: Fixed): string {
  const negative = a.m < 0n;
  let digitsText = (negative ? -a.m : a.m).toString();
  if (a.s <= 0) return (negative && a.m !== 0n ? "-" : "") + digitsText + "0".repeat(a.m === 0n ? 0 : -a.s);
  if (digitsText.length <= a.s) digitsText = "0".repeat(a.s - digitsText.length + 1) + digitsText;
  const int = digitsText.slice(0, digitsText.length - a.s);
  const frac = digitsText.slice(digitsText.length - a.s).replace(/0+$/, "");
  return (negative ? "-" : "") + int + (frac ? `.${frac}` : "");
}
