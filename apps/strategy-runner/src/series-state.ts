import type { Candle, Timeframe } from "@tradekit/domain";
import type { MarketSymbol } from "@tradekit/orm";
import type { FeedView } from "./strategy.js";

/** The key of a series: exchange, symbol and timeframe. */
export function seriesKey(exchange: string, symbol: string, timeframe: Timeframe | string): string {
  return `${exchange}\u0000${symbol}\u0000${typeof timeframe === "string" ? timeframe : timeframe.name}`;
}

/** What the runner keeps of one series that feeds its strategies: the recent closed candles. */
export class SeriesState {
  readonly key: string;
  readonly #history: Candle[] = [];
  #limit = 2;

  constructor(
    readonly exchange: string,
    readonly symbol: string,
    readonly timeframe: Timeframe,
    readonly market: MarketSymbol,
  ) {
    this.key = seriesKey(exchange, symbol, timeframe);
  }

  /** Keeps at least `n` candles (the longest warm-up of the indicators on it). */
  keepAtLeast(n: number): void {
    if (n > this.#limit) this.#limit = n;
  }

  /** Adds a closed candle; false when it is not newer than the last one (a repeat, or out of order). */
  push(candle: Candle): boolean {
    const last = this.#history[this.#history.length - 1];
    if (last && candle.time.getTime() <= last.time.getTime()) return false;
    this.#history.push(candle);
    // Trim in batches, so keeping N candles costs O(1) per candle.
    if (this.#history.length > this.#limit * 2) this.#history.splice(0, this.#history.length - this.#limit);
    return true;
  }

  get lastCandle(): Candle | null {
    return this.#history[this.#history.length - 1] ?? null;
  }

  get history(): readonly Candle[] {
    return this.#history.length > this.#limit ? this.#history.slice(-this.#limit) : this.#history.slice();
  }

  /** A strategy's view of this series as its feed number `index`. */
  view(index: number): FeedView {
    const state = this;
    return {
      index,
      exchange: this.exchange,
      symbol: this.symbol,
      timeframe: this.timeframe,
      get lastCandle() {
        return state.lastCandle;
      },
      get history() {
        return state.history;
      },
    };
  }
}
