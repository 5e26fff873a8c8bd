import { type Candle, Timeframe } from "@tradekit/domain";

/** One bar of the price chart (floats: a chart draws, it does not account). Times in Unix seconds. */
export interface ChartBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** One point of the equity and drawdown curves. */
export interface ChartPoint {
  time: number;
  value: number;
}

/** What the page draws. */
export interface ChartData {
  /** The timeframe the price chart is drawn in (the candles', or coarser for long runs). */
  readonly timeframe: string;
  readonly bars: ChartBar[];
  readonly equity: ChartPoint[];
  /** Equity minus its running peak (<= 0), the lowest of each chart bar. */
  readonly drawdown: ChartPoint[];
}

const CHART_TIMEFRAMES = ["1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"] as const;
/** A page stays quick to open with this many bars per chart at most. */
export const MAX_CHART_BARS = 6_000;

/** The finest chart timeframe, at least the candles' own, that keeps `span` ms under MAX_CHART_BARS bars. */
export function chartTimeframe(candleTimeframe: Timeframe, spanMs: number): Timeframe {
  for (const name of CHART_TIMEFRAMES) {
    const tf = Timeframe.parse(name);
    if (tf.ms < candleTimeframe.ms) continue;
    if (spanMs / tf.ms <= MAX_CHART_BARS) return tf;
  }
  return Timeframe.parse("1w");
}

/** Builds the chart series bar by bar: candles resampled to the chart timeframe, equity at each bar's close. */
export class ChartBuilder {
  readonly bars: ChartBar[] = [];
  readonly equity: ChartPoint[] = [];
  readonly drawdown: ChartPoint[] = [];
  #peak = Number.NEGATIVE_INFINITY;

  constructor(readonly timeframe: Timeframe) {}

  /** Unix seconds of the chart bar holding `ms`. */
  bucketOf(ms: number): number {
    return Math.floor(this.timeframe.bucketStart(ms).getTime() / 1000);
  }

  /** A candle of the traded series and the equity at its close. */
  add(candle: Candle, equity: number): void {
    const time = this.bucketOf(candle.time.getTime());
    const o = candle.open.toNumber();
    const h = candle.high.toNumber();
    const l = candle.low.toNumber();
    const c = candle.close.toNumber();
    const last = this.bars.at(-1);
    if (last && last.time === time) {
      last.high = Math.max(last.high, h);
      last.low = Math.min(last.low, l);
      last.close = c;
    } else this.bars.push({ time, open: o, high: h, low: l, close: c });
    this.#peak = Math.max(this.#peak, equity);
    const fall = equity - this.#peak;
    const e = this.equity.at(-1);
    if (e && e.time === time) {
      e.value = equity;
      const d = this.drawdown.at(-1) as ChartPoint;
      d.value = Math.min(d.value, fall);
    } else {
      this.equity.push({ time, value: equity });
      this.drawdown.push({ time, value: fall });
    }
  }

  build(): ChartData {
    return { timeframe: this.timeframe.name, bars: this.bars, equity: this.equity, drawdown: this.drawdown };
  }
}
