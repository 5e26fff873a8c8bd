import { Decimal } from "./decimal.js";

/**
 * The accounting engine's exact number: `m * 10^-s` with a BigInt mantissa. decimal.js is
 * ~30x slower per operation than this on the engine's hot path (DESIGN.md §9 asks the exact
 * engine for >= 0.1 of float64), and its fixed precision would round sums of fee shares; here
 * additions, subtractions and multiplications are always exact and only `quotient` rounds, to 40
 * significant digits half-even, exactly as Decimal's division does.
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
  let d = x < 9_007_199_254_740_992n ? String(x).length : Math.floor(Math.log10(Number(x))) + 1;
  while (d > 1 && x < pow10(d - 1)) d--;
  while (x >= pow10(d)) d++;
  return d;
}

/** a / b rounded half-even to 40 significant digits (b != 0). */
export function quotient(a: Fixed, b: Fixed): Fixed {
  if (a.m === 0n) return ZERO;
  const negative = a.m < 0n !== b.m < 0n;
  const n = a.m < 0n ? -a.m : a.m;
  const d = b.m < 0n ? -b.m : b.m;
  // Scale the numerator so the truncated quotient has more than 40 digits; round once from it.
  const k = Math.max(0, SIGNIFICANT + 2 + digits(d) - digits(n));
  const scaled = n * pow10(k);
  let q = scaled / d;
  const sticky = scaled % d !== 0n;
  const drop = digits(q) - SIGNIFICANT;
  let scale = a.s - b.s + k;
  // k makes q at least 42 digits long, so there is always something to drop.
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
const CHUNK = 100_000_000_000_000n; // 1e14: two base-1e7 words that still fit a float64 exactly

/** The exact value as a public Decimal, built from base-1e7 words without a string round trip. */
export function toDecimal(a: Fixed): Decimal {
  if (a.m === 0n) return new Decimal(0);
  let mag = a.m < 0n ? -a.m : a.m;
  let scale = a.s;
  const pad = ((scale % 7) + 7) % 7 === 0 ? 0 : 7 - (((scale % 7) + 7) % 7);
  if (pad) {
    mag *= pow10(pad);
    scale += pad;
  }
  const low: number[] = []; // base-1e7 words, least significant first
  while (mag > SAFE) {
    const chunk = Number(mag % CHUNK);
    mag /= CHUNK;
    low.push(chunk % 10_000_000, Math.floor(chunk / 10_000_000));
  }
  let n = Number(mag);
  while (n > 0) {
    low.push(n % 10_000_000);
    n = Math.floor(n / 10_000_000);
  }
  while (low.length > 0 && low[low.length - 1] === 0) low.pop();
  const total = low.length;
  let zeros = 0;
  while (low[zeros] === 0) zeros++;
  const top = low[total - 1]!;
  const x = Object.create(Decimal.prototype) as Decimal & { constructor: unknown; s: number; e: number; d: number[] };
  x.constructor = Decimal;
  x.s = a.m < 0n ? -1 : 1;
  x.e = 7 * (total - 1 - scale / 7) + String(top).length - 1;
  x.d = low.slice(zeros).reverse();
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
