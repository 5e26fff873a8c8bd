const DAY_MS = 86_400_000;
let cachedDay = Number.NaN;
let cachedPrefix = "";

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * Epoch ms as PostgreSQL timestamptz text in UTC ("2024-01-01T12:34:00+00"). A million candles
 * share a few hundred days, so the date part is formatted once per day instead of per row.
 */
export function timestampText(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const frac = millis === 0 ? "" : `.${String(millis).padStart(3, "0")}`;
  return `${cachedPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}${frac}+00`;
}
