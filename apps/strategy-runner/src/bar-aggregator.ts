import { Candle, Decimal, type Timeframe } from "@tradekit/domain";

const ZERO = new Decimal(0);

interface Bar {
  start: number;
  open: Decimal;
  openTime: number;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  closeTime: number;
  volume: Decimal;
  lastArrival: number;
}

/**
 * Builds the candles of one series from its ticks, exactly: open = the earliest tick of the
 * bucket, close = the latest (by exchange time, not arrival), high = max, low = min, volume = the
 * sum of the ticks' volumes (a tick's volume is what traded since the previous one, as a candle
 * replay writes it; a tick without one adds nothing). A bar closes at the first tick of a later
 * bucket, or when the clock is `graceMs` past its end and no tick came for `graceMs`.
 */
export class BarAggregator {
  #bar: Bar | null = null;

  constructor(readonly timeframe: Timeframe) {}

  /** Adds a tick; returns the bar it closed (a tick of a later bucket), or null. A tick of an already closed bucket is ignored. */
  add(price: Decimal, volume: Decimal | null, time: number, arrival: number): Candle | null {
    const start = this.timeframe.bucketStart(time).getTime();
    const bar = this.#bar;
    if (bar !== null && start < bar.start) return null;
    let closed: Candle | null = null;
    if (bar !== null && start > bar.start) closed = this.#close();
    const current = this.#bar;
    if (current === null) {
      this.#bar = {
        start,
        open: price,
        openTime: time,
        high: price,
        low: price,
        close: price,
        closeTime: time,
        volume: volume ?? ZERO,
        lastArrival: arrival,
      };
      return closed;
    }
    if (time < current.openTime) {
      current.open = price;
      current.openTime = time;
    }
    if (time >= current.closeTime) {
      current.close = price;
      current.closeTime = time;
    }
    if (price.gt(current.high)) current.high = price;
    if (price.lt(current.low)) current.low = price;
    if (volume !== null) current.volume = current.volume.plus(volume);
    current.lastArrival = arrival;
    return closed;
  }

  /** Closes the bar when `now` is `graceMs` past its end and it got no tick for `graceMs`; returns it, or null. */
  closeIfQuiet(now: number, graceMs: number): Candle | null {
    const bar = this.#bar;
    if (bar === null || now < bar.start + this.timeframe.ms + graceMs || now - bar.lastArrival < graceMs) return null;
    return this.#close();
  }

  #close(): Candle {
    const bar = this.#bar as Bar;
    this.#bar = null;
    return Candle.create({
      time: bar.start,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
    });
  }
}
