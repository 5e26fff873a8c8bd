import type { Candle } from "@tradekit/domain";
import { ValidationError } from "@tradekit/domain";
import type { CandleSource, FloatCandle, IndicatorInput, IndicatorLike, IndicatorOptions } from "./strategy.js";

interface Entry {
  readonly feed: number;
  readonly indicator: IndicatorLike<unknown>;
  readonly read: (c: FloatCandle) => unknown;
  readonly warmup: number;
  seen: number;
}

const SOURCES: Readonly<Record<CandleSource, (c: FloatCandle) => unknown>> = {
  open: (c) => c.open,
  high: (c) => c.high,
  low: (c) => c.low,
  close: (c) => c.close,
  volume: (c) => c.volume,
  hl2: (c) => (c.high + c.low) / 2,
  hlc3: (c) => (c.high + c.low + c.close) / 3,
  ohlc4: (c) => (c.open + c.high + c.low + c.close) / 4,
  candle: (c) => c,
};

/** A closed candle as floats, once per candle, for every indicator of the feed. */
export function floatCandle(c: Candle): FloatCandle {
  return {
    open: c.open.toNumber(),
    high: c.high.toNumber(),
    low: c.low.toNumber(),
    close: c.close.toNumber(),
    volume: c.volume.toNumber(),
  };
}

/**
 * The indicators one strategy registered, by feed. Each closed candle goes to them before the
 * strategy's onCandle, and only closed candles do, so an incremental indicator cannot look ahead.
 */
export class IndicatorSet {
  readonly #entries: Entry[] = [];

  constructor(readonly feedCount: number) {}

  /** Registers `indicator` on a feed; returns it. */
  register<I extends IndicatorLike<never>>(indicator: I, options: IndicatorOptions<IndicatorInput<I>> = {}): I {
    const feed = options.feed ?? 0;
    if (!Number.isSafeInteger(feed) || feed < 0 || feed >= this.feedCount)
      throw ValidationError.invalid("feed", feed, `a feed index from 0 to ${this.feedCount - 1}`);
    if (typeof indicator?.add !== "function" || typeof indicator.getRequiredInputs !== "function")
      throw ValidationError.invalid(
        "indicator",
        indicator,
        "an indicator with add() and getRequiredInputs() (any of trading-signals)",
      );
    const source = options.source ?? "close";
    const read = typeof source === "function" ? source : SOURCES[source];
    if (!read) throw ValidationError.invalid("source", source, `one of ${Object.keys(SOURCES).join(", ")} or a function`);
    const warmup = options.warmup ?? indicator.getRequiredInputs();
    if (!Number.isSafeInteger(warmup) || warmup < 0)
      throw ValidationError.invalid("warmup", warmup, "a whole number of candles >= 0");
    this.#entries.push({
      feed,
      indicator: indicator as unknown as IndicatorLike<unknown>,
      read: read as (c: FloatCandle) => unknown,
      warmup,
      seen: 0,
    });
    return indicator;
  }

  /** How many closed candles of `feed` the warm-up needs (the longest of its indicators). */
  warmupOf(feed: number): number {
    let n = 0;
    for (const e of this.#entries) if (e.feed === feed && e.warmup > n) n = e.warmup;
    return n;
  }

  /** Adds a closed candle of `feed` to its indicators. */
  update(feed: number, candle: FloatCandle): void {
    for (const e of this.#entries) {
      if (e.feed !== feed) continue;
      e.indicator.add(e.read(candle));
      e.seen++;
    }
  }

  /** Every indicator has seen its warm-up and has a value. */
  get ready(): boolean {
    for (const e of this.#entries) if (e.seen < e.warmup || !e.indicator.isStable) return false;
    return true;
  }
}
