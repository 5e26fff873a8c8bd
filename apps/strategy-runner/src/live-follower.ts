import type { TickCache, Ticker, Unsubscribe } from "@tradekit/cache";
import type { Logger } from "pino";
import { BarAggregator } from "./bar-aggregator.js";
import type { CandleStore } from "./candle-store.js";
import type { Clock } from "./clock.js";
import { type DependencyGuard, unavailableDependency } from "./dependency-guard.js";
import type { SeriesState } from "./series-state.js";
import type { ClosedCandle } from "./strategy.js";

/** Where the live follower hands what it sees: the runner's event loop. */
export interface LiveSink {
  tick(ticker: Ticker): void;
  candle(candle: ClosedCandle): void;
  /** Time to read the order status cache (only called while orders are open). */
  sync(): void;
  hasOpenOrders(): boolean;
}

/** What the live follower follows and how often. */
export interface LiveOptions {
  readonly ticks: TickCache;
  readonly candles: CandleStore;
  readonly series: readonly SeriesState[];
  readonly candleSource: "store" | "ticks";
  readonly clock: Clock;
  readonly guard: DependencyGuard;
  readonly logger: Logger;
  readonly storePollMs: number;
  readonly orderPollMs: number;
  readonly barCloseGraceMs: number;
  /** Poll the order status cache (a paper bot). */
  readonly pollOrders: boolean;
}

/**
 * Follows the market live: ticks from TickCache (one subscription per exchange), closed candles
 * from the store (polled, a bucket counting as closed `barCloseGraceMs` after its end) or built
 * from the ticks, and a timer for the order status cache.
 */
export class LiveFollower {
  readonly #unsubscribe: Unsubscribe[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #aggregators = new Map<string, { series: SeriesState; bars: BarAggregator }>();
  readonly #next = new Map<string, number>();
  #polling = false;

  constructor(
    readonly options: LiveOptions,
    readonly sink: LiveSink,
  ) {}

  /** Subscribes and starts the timers; candles after each series' last warm-up candle are the live ones. */
  async start(): Promise<void> {
    const o = this.options;
    for (const s of o.series) {
      if (o.candleSource === "ticks")
        this.#aggregators.set(`${s.exchange}\u0000${s.symbol}\u0000${s.timeframe.name}`, {
          series: s,
          bars: new BarAggregator(s.timeframe),
        });
      const last = s.lastCandle;
      this.#next.set(s.key, last ? last.time.getTime() + s.timeframe.ms : s.timeframe.bucketStart(o.clock.now()).getTime());
    }
    for (const exchange of new Set(o.series.map((s) => s.exchange))) {
      this.#unsubscribe.push(await o.ticks.subscribeTickers(exchange, (batch) => this.#onTickers(batch)));
    }
    if (o.candleSource === "store") this.#timers.push(setInterval(() => void this.#pollStore(), o.storePollMs));
    else this.#timers.push(setInterval(() => this.#closeQuietBars(), Math.max(100, Math.min(1_000, o.barCloseGraceMs))));
    if (o.pollOrders)
      this.#timers.push(
        setInterval(() => {
          if (this.sink.hasOpenOrders()) this.sink.sync();
        }, o.orderPollMs),
      );
  }

  /** Ends the subscriptions and timers. */
  async stop(): Promise<void> {
    for (const t of this.#timers.splice(0)) clearInterval(t);
    for (const u of this.#unsubscribe.splice(0)) {
      try {
        await u();
      } catch (error) {
        // Redis may be gone at shutdown; the subscriber connection goes with the process.
        this.options.logger.warn({ err: error }, "could not unsubscribe from tickers");
      }
    }
  }

  #onTickers(batch: readonly Ticker[]): void {
    const now = this.options.clock.now().getTime();
    for (const t of batch) {
      for (const { series, bars } of this.#aggregators.values()) {
        if (series.exchange !== t.exchange || series.symbol !== t.symbol) continue;
        const closed = bars.add(t.last, t.volume, t.exchangeTime.getTime(), now);
        if (closed)
          this.sink.candle({ exchange: series.exchange, symbol: series.symbol, timeframe: series.timeframe, candle: closed });
      }
      this.sink.tick(t);
    }
  }

  #closeQuietBars(): void {
    const now = this.options.clock.now().getTime();
    for (const { series, bars } of this.#aggregators.values()) {
      const closed = bars.closeIfQuiet(now, this.options.barCloseGraceMs);
      if (closed)
        this.sink.candle({ exchange: series.exchange, symbol: series.symbol, timeframe: series.timeframe, candle: closed });
    }
  }

  async #pollStore(): Promise<void> {
    const o = this.options;
    if (this.#polling || o.guard.isDown) return;
    this.#polling = true;
    try {
      const now = o.clock.now().getTime();
      for (const s of o.series) {
        const next = this.#next.get(s.key) as number;
        const lastClosed = s.timeframe.bucketStart(now - o.barCloseGraceMs).getTime() - s.timeframe.ms;
        if (lastClosed < next) continue;
        const candles = await o.candles.range(s.exchange, s.symbol, s.timeframe, new Date(next), new Date(lastClosed));
        for (const candle of candles)
          this.sink.candle({ exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe, candle });
        this.#next.set(s.key, lastClosed + s.timeframe.ms);
      }
    } catch (error) {
      const down = unavailableDependency(error, "ohlcv");
      if (down) o.guard.markDown(down, error);
      else o.logger.error({ err: error }, "reading closed candles from the store failed");
    } finally {
      this.#polling = false;
    }
  }
}
