import { Candle, type CandleInput, type Timeframe, toUtcDate, ValidationError } from "@tradekit/domain";
import { compareDecimalText, decimalText, isNegativeText } from "./decimal-text.js";

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

function check(ok: boolean, field: string, value: string, expected: string): void {
  if (!ok) throw ValidationError.invalid(field, value, expected);
}

/** Validates one candle exactly (DESIGN.md §4: no float decides a comparison) against `timeframe`. */
export function toCandleRecord(input: CandleInput | Candle, timeframe: Timeframe): CandleRecord {
  const time = input instanceof Candle ? input.time.getTime() : timeMs(input.time);
  if (!isAlignedMs(time, timeframe)) {
    throw ValidationError.invalid(
      "time",
      new Date(time),
      `the start of a ${timeframe.name} bucket (${timeframe.bucketStart(time).toISOString()} for this candle)`,
    );
  }
  const open = decimalText(input.open, "open");
  const high = decimalText(input.high, "high");
  const low = decimalText(input.low, "low");
  const close = decimalText(input.close, "close");
  const volume = decimalText(input.volume, "volume");
  const quoteVolume = input.quoteVolume == null ? null : decimalText(input.quoteVolume, "quoteVolume");
  const tradeCount = input.tradeCount ?? null;
  if (!(input instanceof Candle)) {
    // A Candle instance was validated by Candle.create; plain inputs are checked here, exactly.
    check(compareDecimalText(high, low) >= 0, "high", high, `>= low (${low})`);
    check(compareDecimalText(high, open) >= 0, "high", high, `>= open (${open})`);
    check(compareDecimalText(high, close) >= 0, "high", high, `>= close (${close})`);
    check(compareDecimalText(low, open) <= 0, "low", low, `<= open (${open})`);
    check(compareDecimalText(low, close) <= 0, "low", low, `<= close (${close})`);
    check(!isNegativeText(volume), "volume", volume, "0 or more");
    if (quoteVolume !== null) check(!isNegativeText(quoteVolume), "quoteVolume", quoteVolume, "0 or more");
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
