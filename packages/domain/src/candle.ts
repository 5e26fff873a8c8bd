import { type Decimal, type DecimalInput, toNonNegativeAmount, toNonNegativeDecimal, toPositiveAmount } from "./decimal.js";
import { ValidationError } from "./errors.js";
import type { Timeframe } from "./timeframe.js";
import { toUtcDate } from "./utc-time.js";

/** What Candle.create accepts: a time (Date, epoch ms or ISO string) and prices in any DecimalInput form. */
export interface CandleInput {
  time: Date | number | string;
  open: DecimalInput;
  high: DecimalInput;
  low: DecimalInput;
  close: DecimalInput;
  volume: DecimalInput;
  quoteVolume?: DecimalInput | null;
  tradeCount?: number | null;
}

/** A candle as JSON-safe data: decimals as strings, the time as ISO 8601. */
export interface CandleDict {
  time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string | null;
  tradeCount: number | null;
}

const show = (d: Decimal): string => d.toString();

/** One OHLCV bar, validated: high is the highest price, low the lowest, volumes never negative. */
export class Candle {
  private constructor(
    readonly time: Date,
    readonly open: Decimal,
    readonly high: Decimal,
    readonly low: Decimal,
    readonly close: Decimal,
    readonly volume: Decimal,
    readonly quoteVolume: Decimal | null,
    readonly tradeCount: number | null,
  ) {
    Object.freeze(this);
  }

  /** Validates `input`; with a `timeframe`, the time must also be the start of one of its buckets. */
  static create(input: CandleInput, timeframe?: Timeframe): Candle {
    const time = toUtcDate(input.time, "time");
    // prices are amounts > 0 (a zero or negative price is a broken feed); the quote volume, a sum
    // of products, may be longer than an amount
    const open = toPositiveAmount(input.open, "open");
    const high = toPositiveAmount(input.high, "high");
    const low = toPositiveAmount(input.low, "low");
    const close = toPositiveAmount(input.close, "close");
    const volume = toNonNegativeAmount(input.volume, "volume");
    const quoteVolume = input.quoteVolume == null ? null : toNonNegativeDecimal(input.quoteVolume, "quoteVolume");
    const tradeCount = input.tradeCount ?? null;
    if (tradeCount !== null && !(Number.isSafeInteger(tradeCount) && tradeCount >= 0)) {
      throw ValidationError.invalid("tradeCount", tradeCount, "a whole number >= 0");
    }
    for (const [field, value] of [
      ["open", open],
      ["close", close],
      ["low", low],
    ] as const) {
      if (high.lt(value)) {
        throw ValidationError.invalid(
          "high",
          show(high),
          `>= ${field} (${show(value)}): the high is the highest price of the candle`,
        );
      }
    }
    for (const [field, value] of [
      ["open", open],
      ["close", close],
    ] as const) {
      if (low.gt(value)) {
        throw ValidationError.invalid(
          "low",
          show(low),
          `<= ${field} (${show(value)}): the low is the lowest price of the candle`,
        );
      }
    }
    if (timeframe && !timeframe.isAligned(time)) {
      throw ValidationError.invalid(
        "time",
        time,
        `the start of a ${timeframe.name} bucket (${timeframe.bucketStart(time).toISOString()} for this candle)`,
      );
    }
    return new Candle(time, open, high, low, close, volume, quoteVolume, tradeCount);
  }

  /** JSON-safe form: decimals as strings, the time as ISO 8601 UTC. */
  toDict(): CandleDict {
    return {
      time: this.time.toISOString(),
      open: show(this.open),
      high: show(this.high),
      low: show(this.low),
      close: show(this.close),
      volume: show(this.volume),
      quoteVolume: this.quoteVolume === null ? null : show(this.quoteVolume),
      tradeCount: this.tradeCount,
    };
  }
}
