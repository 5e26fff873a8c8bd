import { Candle, type CandleInput, type Timeframe, toUtcDate, ValidationError } from "@tradekit/domain";
import {
  amountText,
  comparePlainNonNegative,
  compareText,
  decimalText,
  isNegativeText,
  isPositiveText,
  plainNonNegative,
} from "./decimal-text.js";
import { inStoreRange, outOfStoreRange } from "./time-bounds.js";

/** A validated candle on its way to the database: epoch ms and exact decimal texts. */
export interface CandleRecord {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string | null;
  tradeCount: number | null;
}

const WEEK_ORIGIN_MS = 4 * 86_400_000;

/** Whether epoch-ms `time` starts a bucket of `timeframe` (the same rule as Timeframe.isAligned, without allocating). */
export function isAlignedMs(time: number, timeframe: Timeframe): boolean {
  const origin = timeframe.period === "weeks" ? WEEK_ORIGIN_MS : 0;
  return (((time - origin) % timeframe.ms) + timeframe.ms) % timeframe.ms === 0;
}

function timeMs(value: CandleInput["time"]): number {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return value;
    throw ValidationError.invalid("time", value, "epoch milliseconds as a whole number");
  }
  return toUtcDate(value, "time").getTime();
}

function fail(field: string, value: string, relation: string, other: string): never {
  throw ValidationError.invalid(field, value, `${relation} ${other}`);
}

/** The candle's bucket start as epoch ms, checked to be a whole number aligned to `timeframe`. */
export function candleTime(input: CandleInput | Candle, timeframe: Timeframe): number {
  const time = input instanceof Candle ? input.time.getTime() : timeMs(input.time);
  if (!inStoreRange(time)) throw outOfStoreRange(time);
  if (!isAlignedMs(time, timeframe)) {
    throw ValidationError.invalid(
      "time",
      new Date(time),
      `the start of a ${timeframe.name} bucket (${timeframe.bucketStart(time).toISOString()} for this candle)`,
    );
  }
  return time;
}

/**
 * Validates one candle exactly (DESIGN.md §4: no float decides a comparison) against `timeframe`.
 * `time` skips the time check when the caller already has the candle's checked time.
 */
export function toCandleRecord(
  input: CandleInput | Candle,
  timeframe: Timeframe,
  time: number = candleTime(input, timeframe),
): CandleRecord {
  // prices and the volume are amounts (the domain's range); the quote volume, a sum of products, may be longer
  const open = amountText(input.open, "open");
  const high = amountText(input.high, "high");
  const low = amountText(input.low, "low");
  const close = amountText(input.close, "close");
  const volume = amountText(input.volume, "volume");
  const quoteVolume = input.quoteVolume == null ? null : decimalText(input.quoteVolume, "quoteVolume");
  const tradeCount = input.tradeCount ?? null;
  if (!(input instanceof Candle)) {
    // A Candle instance was validated by Candle.create; plain inputs are checked here, exactly.
    // Messages are built only on failure: this runs a million times per bulk load.
    // Prices are almost always plain positive decimals: checked once each, then compared digit by
    // digit, instead of compareText checking both sides of each of the five comparisons.
    const cmp =
      plainNonNegative(open) && plainNonNegative(high) && plainNonNegative(low) && plainNonNegative(close)
        ? comparePlainNonNegative
        : compareText;
    if (cmp(high, low) < 0) fail("high", high, ">= low", low);
    if (cmp(high, open) < 0) fail("high", high, ">= open", open);
    if (cmp(high, close) < 0) fail("high", high, ">= close", close);
    if (cmp(low, open) > 0) fail("low", low, "<= open", open);
    if (cmp(low, close) > 0) fail("low", low, "<= close", close);
    // the lowest price: when it is > 0, every price is
    if (!isPositiveText(low)) throw ValidationError.invalid("low", low, "greater than 0: a price is > 0");
    if (isNegativeText(volume)) fail("volume", volume, ">=", "0");
    if (quoteVolume !== null && isNegativeText(quoteVolume)) fail("quoteVolume", quoteVolume, ">=", "0");
    if (tradeCount !== null && !(Number.isSafeInteger(tradeCount) && tradeCount >= 0)) {
      throw ValidationError.invalid("tradeCount", tradeCount, "a whole number >= 0");
    }
  }
  return { time, open, high, low, close, volume, quoteVolume, tradeCount };
}

/** Validates a whole batch; the first bad row throws ValidationError.inRow and nothing is written. */
export function toCandleRecords(inputs: readonly (CandleInput | Candle)[], timeframe: Timeframe): CandleRecord[] {
  const out = new Array<CandleRecord>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    try {
      out[i] = toCandleRecord(inputs[i] as CandleInput, timeframe);
    } catch (error) {
      throw ValidationError.inRow(i, error, "candle");
    }
  }
  return out;
}
