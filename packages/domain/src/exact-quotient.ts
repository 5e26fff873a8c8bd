import { Decimal } from "./decimal.js";
import { BASE, finish, MAX_SAFE, mulInto, mulMag, POW10, top, trailingZeros, wordDigits, ZERO } from "./exact-words.js";

const SIGNIFICANT = 40;

// Scratch for the numerator being divided and for the quotient words (at most 40 + 7 digits).
let NUM = new Float64Array(64);
const Q = new Float64Array(8);

function numerator(n: number): Float64Array {
  if (n > NUM.length) NUM = new Float64Array(2 * n);
  return NUM;
}

/**
 * Rounds quotient words q[0..n) (most significant first, q[0] at word exponent hi) to 40
 * significant digits half-even; `sticky` says whether anything non-zero follows them.
 */
function roundWords(q: Float64Array, n: number, hi: number, sticky: boolean, s: number): Decimal {
  const drop = wordDigits(q[0]!) + 7 * (n - 1) - SIGNIFICANT; // 1..7: words are taken until > 40 digits
  const unit = POW10[drop]!;
  const last = q[n - 1]! | 0;
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
        // carried out of the leading word: 99..9 became 10..0, whose only non-zero word is 1
        q[0] = 1;
        return finish(q, 1, hi + 1, s);
      }
      i--;
      q[i] = q[i]! + 1;
    }
  }
  return finish(q, n, hi, s);
}

/** Decimal digits per long-division step: remainder x 10^c + digits stays within half the safe integers. */
function digitsPerStep(D: number): number {
  let c = 7;
  while (c > 0 && D * POW10[c]! > MAX_SAFE / 2) c--;
  return c;
}

/**
 * The numerator num[0..nl) (words most significant first, num[0] at word exponent nt, sign s)
 * divided by b, rounded half-even to 40 significant digits: long division in float64, as many
 * digits per step as the divisor leaves room for. null when b's digits do not fit such a step
 * (more than about 15 significant digits).
 */
function divide(num: Float64Array, nl: number, nt: number, s: number, b: Decimal): Decimal | null {
  while (nl > 0 && num[nl - 1] === 0) nl--;
  if (nl === 0) return ZERO;
  // b = D x 1e7^be with D a safe integer: its words read on their grid
  const bd = b.d;
  const lb = bd.length;
  if (lb > 3 || (lb === 3 && bd[0]! >= 90)) return null;
  let D = lb === 1 ? bd[0]! : lb === 2 ? bd[0]! * BASE + bd[1]! : (bd[0]! * BASE + bd[1]!) * BASE + bd[2]!;
  let be = top(b) - lb + 1;
  let c = digitsPerStep(D);
  if (c < 7) {
    // Too wide for whole words: drop the z trailing zeros of b's lowest word, b = D' x 1e7^(be+1)
    // / 10^(7-z), and multiply the numerator by 10^(7-z) instead (one word longer, in place).
    const z = trailingZeros(bd[lb - 1]!);
    const narrow = z > 0 ? digitsPerStep(D / POW10[z]!) : 0;
    if (narrow > c) {
      D /= POW10[z]!;
      c = narrow;
      be++;
      const up = POW10[7 - z]!;
      const cut = POW10[z]!; // a word x 10^(7-z) = floor(word / 10^z) x 1e7 + (word mod 10^z) x 10^(7-z)
      let prev = num[nl - 1]! | 0; // int32 words: % and / stay integer operations
      num[nl] = (prev % cut) * up;
      for (let i = nl - 1; i > 0; i--) {
        const w = num[i - 1]! | 0;
        num[i] = ((prev / cut) | 0) + (w % cut) * up;
        prev = w;
      }
      num[0] = (prev / cut) | 0;
      nl++;
      nt++;
      while (num[nl - 1] === 0) nl--;
    }
  }
  if (c === 0) return null;
  // Each step multiplies by 1/D rather than dividing (a division is several times the latency of a
  // multiplication, and the steps form one dependency chain). The estimate is within one of the
  // true digit (relative error ~2^-52 on a quotient below 1e7), and the remainder check settles it.
  const inv = 1 / D;
  const q = Q;
  let n = 0;
  let hi = 0; // word exponent of q[0]
  let r = 0;
  let digits = 0;
  let i = 0; // numerator word fed next
  let k = nt; // its word exponent
  for (;;) {
    let word = i < nl ? num[i]! : 0;
    i++;
    let qw = 0;
    if (c === 7) {
      // the whole word in one step
      const t = r * BASE + word;
      qw = Math.floor(t * inv);
      r = t - qw * D;
      if (r < 0) {
        qw--;
        r += D;
      } else if (r >= D) {
        qw++;
        r -= D;
      }
    }
    // or in pieces of c digits when the divisor is too large for seven
    else
      for (let left = 7; left > 0; ) {
        const take = Math.min(left, c);
        left -= take;
        const below = POW10[left]!;
        const part = Math.floor(word / below);
        word -= part * below;
        const unit = POW10[take]!;
        const t = r * unit + part;
        let d = Math.floor(t * inv);
        r = t - d * D;
        // the float quotient can be one off next to an integer: settle it exactly
        if (r < 0) {
          d--;
          r += D;
        } else if (r >= D) {
          d++;
          r -= D;
        }
        qw = qw * unit + d;
      }
    if (digits > 0) {
      q[n++] = qw;
      digits += 7;
    } else if (qw > 0) {
      q[n++] = qw;
      hi = k - be;
      digits = wordDigits(qw);
    }
    if (digits > SIGNIFICANT) break;
    // a terminating quotient of at most 40 digits is exact: nothing to round
    if (r === 0 && i >= nl && digits > 0) return finish(q, n, hi, s);
    k--;
  }
  // what the numerator still holds is non-zero exactly when words remain (its lowest is non-zero)
  return roundWords(q, n, hi, r !== 0 || i < nl, s);
}

/**
 * a / b (b != 0) rounded half-even to 40 significant digits, exactly as Decimal's division; with
 * `s`, |a| / |b| with the sign s.
 */
export function quotient(a: Decimal, b: Decimal, s = a.s === b.s ? 1 : -1): Decimal {
  const ad = a.d;
  if (ad[0] === 0) return ZERO;
  const la = ad.length;
  const num = numerator(la + 1);
  for (let i = 0; i < la; i++) num[i] = ad[i]!;
  return divide(num, la, top(a), s, b) ?? withSign(Decimal.div(a, b), s);
}

/** a x m / b (b != 0) rounded half-even to 40 significant digits, the product exact; with `s`, of magnitudes, with the sign s. */
export function quotientOfProduct(a: Decimal, m: Decimal, b: Decimal, s = (a.s === m.s) === b.s > 0 ? 1 : -1): Decimal {
  if (a.d[0] === 0 || m.d[0] === 0) return ZERO;
  const nl = a.d.length + m.d.length;
  const num = numerator(nl + 1);
  mulInto(a, m, num);
  return divide(num, nl, top(a) + top(m) + 1, s, b) ?? withSign(Decimal.div(mulMag(a, m), b), s);
}

function withSign(x: Decimal, s: number): Decimal {
  return x.s === s || x.isZero() ? x : x.neg();
}
