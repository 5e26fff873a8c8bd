import { BASE, type Exact, floorDiv, isNeg, MAX_SAFE, norm, POW10, wide, wordDigits, ZERO } from "./exact-number.js";

const SIGNIFICANT = 40;

/**
 * Rounds quotient words (most significant first, the last at word exponent `low`) to 40
 * significant digits half-even; `sticky` says whether anything non-zero follows them.
 */
function roundWords(q: number[], low: number, sticky: boolean, neg: boolean): Exact {
  const n = q.length;
  const drop = wordDigits(q[0]!) + 7 * (n - 1) - SIGNIFICANT; // 1..7: words are taken until > 40 digits
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

/**
 * a / b rounded half-even to 40 significant digits by long division in float64 over the
 * numerator's words, as many digits per step as keep remainder x 10^c + digits within half the
 * safe integers; null when b's mantissa is too large for even one (the caller divides BigInts).
 */
export function quotientLong(a: Exact, b: Exact): Exact | null {
  if (a.w === null && a.n === 0) return ZERO;
  // b = D x 10^ed with D a safe integer
  let D: number;
  let ed: number;
  if (b.w === null) {
    D = b.n < 0 ? -b.n : b.n;
    ed = -b.s;
  } else {
    const bw = b.w;
    if (bw.length > 3 || (bw.length === 3 && bw[2]! >= 90)) return null;
    D = bw[0]! + (bw.length > 1 ? bw[1]! * BASE : 0) + (bw.length > 2 ? bw[2]! * 1e14 : 0);
    ed = 7 * b.e;
  }
  for (let q = floorDiv(D, 10); q * 10 === D; q = floorDiv(D, 10)) {
    D = q;
    ed++;
  }
  // put the divisor on the word grid: b = D x 1e7^be, so quotient words land on the grid too
  const shift = ((ed % 7) + 7) % 7;
  D *= POW10[shift]!;
  const be = (ed - shift) / 7;
  // digits per step: half the safe range, so a quotient digit one too high still multiplies back exactly
  let c = 7;
  while (c > 0 && D * POW10[c]! > MAX_SAFE / 2) c--;
  if (c === 0) return null;
  const x = wide(a);
  const aw = x.w!;
  const q: number[] = []; // quotient words, most significant first
  let r = 0;
  let digits = 0;
  let i = aw.length - 1; // numerator word fed next
  let k = x.e + i; // its word exponent
  for (;;) {
    let word = i >= 0 ? aw[i]! : 0;
    i--;
    let qw = 0;
    if (c === 7) {
      // the whole word in one step
      const t = r * BASE + word;
      qw = Math.floor(t / D);
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
        let d = Math.floor(t / D);
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
      q.push(qw);
      digits += 7;
    } else if (qw > 0) {
      q.push(qw);
      digits = wordDigits(qw);
    }
    if (digits > SIGNIFICANT) break;
    // a terminating quotient of at most 40 digits is exact: nothing to round
    if (r === 0 && i < 0 && digits > 0) return norm(q.reverse(), k - be, isNeg(a) !== isNeg(b));
    k--;
  }
  // what the numerator still holds is non-zero exactly when words remain (the lowest is non-zero)
  return roundWords(q, k - be, r !== 0 || i >= 0, isNeg(a) !== isNeg(b));
}
