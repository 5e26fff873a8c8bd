const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/** Where the last scanFloat/scanTimestamp stopped: the index of the tab or newline after the token. */
export const scan = { end: 0 };

const isTerminator = (c: number | undefined): boolean => c === 9 || c === 10 || c === undefined;
const latin1 = (buf: Uint8Array, start: number, end: number): string =>
  Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1");

/**
 * Reads the decimal number starting at `start` of `buf` as a float64, without making a string,
 * up to the next tab or newline (or `limit`); scan.end says where it stopped. Up to 15
 * significant digits and a power of ten up to 22 the result is the correctly rounded float (one
 * exact integer, one correctly rounded division or product); anything else falls back to Number().
 */
export function scanFloat(buf: Uint8Array, start: number, limit: number): number {
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
  for (; i < limit; i++) {
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
  if (i < limit && (buf[i] === 101 || buf[i] === 69)) {
    let j = i + 1;
    let expNegative = false;
    if (buf[j] === 45 || buf[j] === 43) expNegative = buf[j++] === 45;
    for (; j < limit && (buf[j] as number) >= 48 && (buf[j] as number) <= 57; j++)
      exponent = exponent * 10 + ((buf[j] as number) - 48);
    if (expNegative) exponent = -exponent;
    i = j;
  }
  if (i < limit && !isTerminator(buf[i])) {
    let end = i;
    while (end < limit && !isTerminator(buf[end])) end++;
    scan.end = end;
    return Number(latin1(buf, start, end));
  }
  scan.end = i;
  const power = exponent - scale;
  if (digits > 15 || power > 22 || power < -22 || i === start) return Number(latin1(buf, start, i));
  const value = power >= 0 ? mantissa * (POW10[power] as number) : mantissa / (POW10[-power] as number);
  return negative ? -value : value;
}

/** Reads the decimal number in bytes [start, end) of `buf` as a float64 (see scanFloat). */
export function parseFloatBytes(buf: Uint8Array, start: number, end: number): number {
  const value = scanFloat(buf, start, end);
  return scan.end === end ? value : Number(latin1(buf, start, end));
}

/** Reads the timestamp starting at `start` up to the next tab or newline (see parseTimestampBytes); scan.end says where it stopped. */
export function scanTimestamp(buf: Uint8Array, start: number, limit: number): number {
  let end = Math.min(start + 19, limit);
  while (end < limit && !isTerminator(buf[end])) end++;
  scan.end = end;
  return parseTimestampBytes(buf, start, end);
}

let cachedDate = -1;
let cachedDayMs = 0;

const digits = (buf: Uint8Array, at: number, n: number): number => {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + ((buf[i] as number) - 48);
  return v;
};

/**
 * Reads PostgreSQL's ISO timestamptz text ("2024-01-02 03:04:05.678+00", any offset) in bytes
 * [start, end) as epoch ms, without making a string. Rows of one day share one Date.UTC call.
 */
export function parseTimestampBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 22 || buf[start + 4] !== 45 || buf[start + 10] !== 32) {
    const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1");
    return Date.parse(
      text
        .replace(" ", "T")
        .replace(/([+-]\d\d)$/, "$1:00")
        .replace(/ BC$/, ""),
    );
  }
  const ymd = digits(buf, start, 4) * 10_000 + digits(buf, start + 5, 2) * 100 + digits(buf, start + 8, 2);
  if (ymd !== cachedDate) {
    cachedDate = ymd;
    cachedDayMs = Date.UTC(Math.floor(ymd / 10_000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100);
  }
  let ms =
    cachedDayMs +
    digits(buf, start + 11, 2) * 3_600_000 +
    digits(buf, start + 14, 2) * 60_000 +
    digits(buf, start + 17, 2) * 1000;
  let i = start + 19;
  if (buf[i] === 46) {
    // Fraction: keep milliseconds (JS Date precision), round half up on the fourth digit.
    let frac = 0;
    let n = 0;
    for (i++; i < end && (buf[i] as number) >= 48 && (buf[i] as number) <= 57; i++, n++)
      if (n < 4) frac = frac * 10 + ((buf[i] as number) - 48);
    while (n < 4) {
      frac *= 10;
      n++;
    }
    ms += Math.round(frac / 10);
  }
  if (i < end) {
    const sign = buf[i] === 45 ? -1 : 1;
    const hours = digits(buf, i + 1, 2);
    const minutes = end - i >= 6 ? digits(buf, i + 4, 2) : 0;
    ms -= sign * (hours * 3_600_000 + minutes * 60_000);
  }
  return ms;
}
