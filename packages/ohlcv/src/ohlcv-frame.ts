import type { Candle, Timeframe } from "@tradekit/domain";

/** Flag bit: the bucket is still in progress (its end is after `now`), so its values will change. */
export const FLAG_IN_PROGRESS = 1;
/** Flag bit: the candle was invented by gap filling (flat at the previous close, zero volume). */
export const FLAG_SYNTHETIC = 2;

/**
 * Candles as columns for analysis code: times as epoch ms, prices and volumes as float64
 * (floats belong here only, DESIGN.md §4), and per-row flags (FLAG_IN_PROGRESS, FLAG_SYNTHETIC).
 */
export interface OhlcvFrame {
  readonly timeframe: Timeframe;
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly flags: Uint8Array;
}

/** One candle of the exact form of fetchOhlcv, with its flags. */
export interface FlaggedCandle {
  readonly candle: Candle;
  readonly inProgress: boolean;
  readonly synthetic: boolean;
}

/** A frame of `capacity` rows, to be filled and then cut to its length. */
export class FrameBuilder {
  length = 0;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
  }

  /** Makes room for at least `extra` more rows (doubling, so appends stay amortized O(1)). */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.time.length) return;
    const size = Math.max(need, this.time.length * 2, 1024);
    const grow = (a: Float64Array): Float64Array => {
      const b = new Float64Array(size);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.time = grow(this.time);
    this.open = grow(this.open);
    this.high = grow(this.high);
    this.low = grow(this.low);
    this.close = grow(this.close);
    this.volume = grow(this.volume);
  }

  push(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.reserve(1);
    const i = this.length++;
    this.time[i] = time;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
  }

  /** The finished frame; columns are trimmed copies only when over-allocated. */
  build(timeframe: Timeframe, now: number): OhlcvFrame {
    const n = this.length;
    const cut = (a: Float64Array): Float64Array => (a.length === n ? a : a.slice(0, n));
    const flags = new Uint8Array(n);
    for (let i = n - 1; i >= 0 && (this.time[i] as number) + timeframe.ms > now; i--) flags[i] = FLAG_IN_PROGRESS;
    return {
      timeframe,
      length: n,
      time: cut(this.time),
      open: cut(this.open),
      high: cut(this.high),
      low: cut(this.low),
      close: cut(this.close),
      volume: cut(this.volume),
      flags,
    };
  }
}

/**
 * Gap filling, only when asked (DESIGN.md §7): each missing bucket between two candles becomes a
 * flat candle at the previous close with zero volume, flagged synthetic. Nothing before the first.
 */
export function fillFrameGaps(frame: OhlcvFrame, now: number): OhlcvFrame {
  const step = frame.timeframe.ms;
  const out = new FrameBuilder(frame.length);
  const synthetic: number[] = [];
  for (let i = 0; i < frame.length; i++) {
    const t = frame.time[i] as number;
    if (i > 0) {
      const prevClose = frame.close[i - 1] as number;
      for (let g = (frame.time[i - 1] as number) + step; g < t; g += step) {
        synthetic.push(out.length);
        out.push(g, prevClose, prevClose, prevClose, prevClose, 0);
      }
    }
    out.push(
      t,
      frame.open[i] as number,
      frame.high[i] as number,
      frame.low[i] as number,
      frame.close[i] as number,
      frame.volume[i] as number,
    );
  }
  const filled = out.build(frame.timeframe, now);
  for (const i of synthetic) filled.flags[i] = (filled.flags[i] as number) | FLAG_SYNTHETIC;
  return filled;
}
