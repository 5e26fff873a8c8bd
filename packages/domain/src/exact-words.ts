import { BASE, type Exact, norm, ZERO } from "./exact-number.js";

// Word arithmetic on big forms (`w` set; wide() makes one of any Exact). Every result goes
// through norm, so a result that fits a safe integer comes back in small form.

/** -1, 0 or 1 as |a| compares to |b|. */
export function cmpWords(a: Exact, b: Exact): number {
  const aw = a.w!;
  const bw = b.w!;
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
  // the lowest word is non-zero: whichever has words left is larger
  return i >= 0 ? 1 : j >= 0 ? -1 : 0;
}

/** |a| + |b| with the sign `neg`. */
function addMag(a: Exact, b: Exact, neg: boolean): Exact {
  const aw = a.w!;
  const bw = b.w!;
  const e = Math.min(a.e, b.e);
  const n = Math.max(a.e + aw.length, b.e + bw.length) - e;
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
  return norm(r, e, neg);
}

/** |a| - |b| with the sign `neg` (|a| > |b|). */
function subMag(a: Exact, b: Exact, neg: boolean): Exact {
  const aw = a.w!;
  const bw = b.w!;
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

/** a + (b with the sign bNeg), both big forms. */
export function addWords(a: Exact, b: Exact, bNeg: boolean): Exact {
  if (b.w!.length === 0) return norm(a.w!, a.e, a.neg);
  if (a.w!.length === 0) return norm(b.w!, b.e, bNeg);
  if (a.neg === bNeg) return addMag(a, b, bNeg);
  const c = cmpWords(a, b);
  if (c === 0) return ZERO;
  return c > 0 ? subMag(a, b, a.neg) : subMag(b, a, bNeg);
}

/** a x b, both big forms. */
export function mulWords(a: Exact, b: Exact): Exact {
  const aw = a.w!;
  const bw = b.w!;
  const la = aw.length;
  const lb = bw.length;
  if (la === 0 || lb === 0) return ZERO;
  const r: number[] = [];
  for (let k = la + lb; k > 0; k--) r.push(0);
  for (let i = 0; i < la; i++) {
    const x = aw[i]!;
    if (x === 0) continue;
    let carry = 0;
    for (let j = 0; j < lb; j++) {
      // < 1e7 + 1e14 + 1e7: exact in float64, and floor(t / 1e7) is exact at this size
      const t = r[i + j]! + x * bw[j]! + carry;
      carry = Math.floor(t / BASE);
      r[i + j] = t - carry * BASE;
    }
    r[i + lb] = carry;
  }
  return norm(r, a.e + b.e, a.neg !== b.neg);
}
