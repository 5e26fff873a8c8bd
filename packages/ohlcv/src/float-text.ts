const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * Reads the decimal number in bytes [start, end) of `buf` as a float64, without making a string.
 * Up to 15 significant digits and a power of ten up to 22 the result is the correctly rounded
 * float (one exact integer, one correctly rounded division or product); anything longer falls
 * back to Number().
 */
export function parseFloatBytes(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = buf[i] as number;
    if (c >= 48 && c <= 57) {
      if (mantissa !== 0 || c !== 48) digits++;
      mantissa = mantissa * 10 + (c - 48);
      if (seenDot) scale++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      break;
    }
  }
  let exponent = 0;
  if (i < end && (buf[i] === 101 || buf[i] === 69)) {
    let j = i + 1;
    let expNegative = false;
    if (buf[j] === 45 || buf[j] === 43) expNegative = buf[j++] === 45;
    for (; j < end; j++) exponent = exponent * 10 + ((buf[j] as number) - 48);
    if (expNegative) exponent = -exponent;
    i = end;
  }
  const power = exponent - scale;
  if (i !== end || digits > 15 || power > 22 || power < -22) {
    return Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1"));
  }
  const value = power >= 0 ? mantissa * (POW10[power] as number) : mantissa / (POW10[-power] as number);
  return negative ? -value : value;
}
