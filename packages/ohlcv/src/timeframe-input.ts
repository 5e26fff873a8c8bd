import { Timeframe, ValidationError } from "@tradekit/domain";

/** What every candle-store function takes as a timeframe: its name ("1m", "4h", "1d"...) or a domain Timeframe. */
export type TimeframeInput = Timeframe | string;

const EXPECTED = 'a timeframe name such as "1m", "4h" or "1d" (a whole number > 0 then m, h, d or w), or a Timeframe';

/**
 * The Timeframe `value` names; a ValidationError naming the value otherwise, including the
 * { compression, period } object fetchOhlcv once took. A Timeframe from another copy of
 * @tradekit/domain is read by its name, since `instanceof` does not cross copies.
 */
export function timeframeOf(value: TimeframeInput): Timeframe {
  if (value instanceof Timeframe) return value;
  if (typeof value === "string") return Timeframe.parse(value);
  const name = typeof value === "object" && value !== null ? (value as { name?: unknown }).name : undefined;
  if (typeof name === "string" && typeof (value as { ms?: unknown }).ms === "number") return Timeframe.parse(name);
  throw ValidationError.invalid("timeframe", value, EXPECTED);
}
