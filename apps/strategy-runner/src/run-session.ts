import type { OrdersCache, Ticker } from "@tradekit/cache";
import type { Decimal, Order } from "@tradekit/domain";
import { type Database, withDatabase } from "@tradekit/orm";
import type { Logger } from "pino";
import type { LoadedBot } from "./bot-loader.js";
import type { Clock } from "./clock.js";
import type { DependencyGuard } from "./dependency-guard.js";
import type { DryExecutor, DryFill } from "./dry-executor.js";
import { floatCandle } from "./indicator-set.js";
import { isOpen, type OrderChange, type OrderTracker } from "./order-tracker.js";
import type { PositionBook } from "./position-book.js";
import type { RunTotals } from "./run-totals.js";
import { type SeriesState, seriesKey } from "./series-state.js";
import type { ClosedCandle } from "./strategy.js";
import type { HandlerName, StrategyInstance, StrategyRequest } from "./strategy-instance.js";

/** What a session needs from its runner. */
export interface SessionDeps {
  readonly loaded: LoadedBot;
  readonly database: Database;
  readonly orders: OrdersCache;
  readonly guard: DependencyGuard;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly tracker: OrderTracker;
  readonly positions: PositionBook;
  readonly totals: RunTotals;
  readonly dry: DryExecutor | null;
  readonly series: ReadonlyMap<string, SeriesState>;
  readonly instances: readonly StrategyInstance[];
  /** Read the order status cache before each event (stepped mode: the manager drained before). */
  readonly syncBeforeEvents: boolean;
  readonly lateFillMs: number;
  /** Reports a strategy that failed (status, event); awaited before the event counts as handled. */
  readonly onFailure: (instance: StrategyInstance) => Promise<void>;
}

/** Counters of what a session handled. */
export interface SessionCounts {
  ticks: number;
  candles: number;
  requests: number;
  fills: number;
}

/**
 * The event handling of one run: a tick, a closed candle, an order sync. Every I/O step goes
 * through the dependency guard, so an outage waits (the bot is paused) and the step is retried:
 * the order status sync and a dry fill are safe to repeat, and a request stays in the outbox
 * until Redis took it (a repeated push is one order: the client order id is the same).
 */
export class RunSession {
  readonly counts: SessionCounts = { ticks: 0, candles: 0, requests: 0, fills: 0 };
  readonly #outbox: Order[] = [];
  readonly #bySymbol = new Map<string, StrategyInstance[]>();
  readonly #bySeries = new Map<string, { instance: StrategyInstance; feed: number }[]>();
  readonly #byId = new Map<number, StrategyInstance>();

  constructor(readonly deps: SessionDeps) {
    for (const instance of deps.instances) {
      this.#byId.set(instance.botStrategyId, instance);
      instance.feeds.forEach((s, feed) => {
        const ticks = `${s.exchange}\u0000${s.symbol}`;
        const list = this.#bySymbol.get(ticks) ?? [];
        if (!list.includes(instance)) list.push(instance);
        this.#bySymbol.set(ticks, list);
        const subscribers = this.#bySeries.get(s.key) ?? [];
        subscribers.push({ instance, feed });
        this.#bySeries.set(s.key, subscribers);
      });
    }
  }

  /** Requests taken by no one yet (Redis down). */
  get outbox(): readonly Order[] {
    return this.#outbox;
  }

  /** True when the ticker is of a symbol some feed follows. */
  follows(exchange: string, symbol: string): boolean {
    return this.#bySymbol.has(`${exchange}\u0000${symbol}`);
  }

  /** A tick: the order sync (stepped), the dry fills it makes, then the strategies' onTick. */
  async handleTick(ticker: Ticker): Promise<void> {
    const instances = this.#bySymbol.get(`${ticker.exchange}\u0000${ticker.symbol}`);
    if (!instances) return;
    this.counts.ticks++;
    if (this.deps.syncBeforeEvents) await this.syncOrders();
    this.deps.positions.mark(ticker.symbol, ticker.last, ticker.exchangeTime.getTime());
    if (this.deps.dry !== null && this.deps.dry.pending > 0) await this.#dryFills(ticker);
    for (const instance of instances) await this.#call(instance, "onTick", ticker, ticker.exchangeTime);
    await this.flushOutbox();
  }

  /** A closed candle: the order sync (stepped), the indicators, then the strategies' onCandle. */
  async handleCandle(closed: ClosedCandle): Promise<void> {
    const key = seriesKey(closed.exchange, closed.symbol, closed.timeframe);
    const series = this.deps.series.get(key);
    const subscribers = this.#bySeries.get(key);
    if (!series || !subscribers || !series.push(closed.candle)) return;
    this.counts.candles++;
    if (this.deps.syncBeforeEvents) await this.syncOrders();
    const closeTime = new Date(closed.candle.time.getTime() + closed.timeframe.ms - 1);
    this.deps.positions.mark(closed.symbol, closed.candle.close, closeTime.getTime());
    this.deps.totals.sample();
    const floats = floatCandle(closed.candle);
    for (const { instance, feed } of subscribers) {
      if (instance.state !== "running") continue;
      instance.indicators.update(feed, floats);
      await this.#call(instance, "onCandle", { ...closed, feed, closeTime }, closeTime);
    }
    await this.flushOutbox();
  }

  /** Warm-up: a closed candle from history goes to the indicators (and the series) only. */
  warm(series: SeriesState, candle: ClosedCandle["candle"]): void {
    if (!series.push(candle)) return;
    this.deps.positions.mark(series.symbol, candle.close, candle.time.getTime() + series.timeframe.ms - 1);
    const floats = floatCandle(candle);
    for (const { instance, feed } of this.#bySeries.get(series.key) ?? []) instance.indicators.update(feed, floats);
  }

  /** Reads the order status cache for every open order the order manager handles and reports what changed. */
  async syncOrders(): Promise<void> {
    if (this.deps.dry !== null || this.deps.tracker.size === 0) return;
    const now = this.deps.clock.now().getTime();
    for (const tracked of this.deps.tracker.all()) {
      if (!isOpen(tracked) && tracked.status !== "canceled") continue;
      const entry = await this.deps.guard.run("redis", () =>
        this.deps.orders.getOrder(tracked.order.exchange, tracked.order.clientOrderId),
      );
      if (entry === null) continue;
      const change = this.deps.tracker.apply(tracked, entry, now);
      if (change) await this.#applyChange(change);
    }
    this.deps.tracker.prune(now, this.deps.lateFillMs);
    await this.flushOutbox();
  }

  /** Pushes the requests waiting in the outbox, in order; waits out a Redis outage. */
  async flushOutbox(): Promise<void> {
    while (this.#outbox.length > 0) {
      const order = this.#outbox[0] as Order;
      await this.deps.guard.run("redis", () => this.deps.orders.pushNewOrder(order));
      this.#outbox.shift();
      this.deps.logger.debug(
        { clientOrderId: order.clientOrderId, side: order.side, symbol: order.symbol, volume: order.volume.toFixed() },
        "order request sent",
      );
    }
  }

  /** Calls a handler of `instance` and takes its requests; reports the strategy when it failed. */
  async #call(instance: StrategyInstance, handler: HandlerName, arg: unknown, time: Date): Promise<void> {
    if (instance.state !== "running" || !instance.has(handler)) return;
    const requests = await instance.call(handler, arg, time);
    if (requests === null) {
      await this.deps.onFailure(instance);
      return;
    }
    this.#submit(requests);
  }

  #submit(requests: readonly StrategyRequest[]): void {
    for (const { order } of requests) {
      this.counts.requests++;
      const tracked = this.deps.tracker.get(order.clientOrderId);
      if (this.deps.dry !== null) {
        if (tracked) this.deps.dry.submit(tracked);
      } else this.#outbox.push(order);
    }
  }

  async #applyChange(change: OrderChange): Promise<void> {
    const { tracked, update, fill } = change;
    if (fill) {
      const signed: Decimal = fill.side === "buy" ? fill.volume : fill.volume.neg();
      this.deps.positions.addTrade(fill.symbol, { volume: signed, price: fill.price, fee: fill.fee });
      this.counts.fills++;
      this.deps.totals.countFill();
      this.deps.logger.debug(
        { clientOrderId: fill.clientOrderId, side: fill.side, volume: fill.volume.toFixed(), price: fill.price.toFixed() },
        "fill",
      );
    }
    if (update && (update.status === "denied" || update.status === "rejected"))
      this.deps.logger.warn(
        { clientOrderId: update.clientOrderId, status: update.status, reasons: update.reasons },
        "order refused",
      );
    const instance = this.#byId.get(tracked.botStrategyId);
    if (!instance) return;
    if (update) await this.#call(instance, "onOrderUpdate", update, update.time);
    if (fill) await this.#call(instance, "onTrade", fill, fill.time);
  }

  async #dryFills(ticker: Ticker): Promise<void> {
    const dry = this.deps.dry as DryExecutor;
    const fills = dry.fillsAt(ticker, (symbol, signed) => this.deps.positions.of(symbol).volume.plus(signed));
    for (const fill of fills) {
      let attempt = 0;
      await this.deps.guard.run("postgres", () => this.#recordDry(fill, attempt++ > 0));
      dry.settle(fill);
      await this.#applyChange(this.deps.tracker.applyDryFill(fill.tracked, fill.price, fill.fee, fill.time));
    }
  }

  // A retry after a lost connection may find the dry trade already committed: it is then not saved twice.
  async #recordDry(fill: DryFill, retry: boolean): Promise<void> {
    await withDatabase(async (db) => {
      if (retry && (await db.dryTrades.getLastDryTrade(fill.trade.botId, fill.trade.symbol))?.exTradeId === fill.trade.exTradeId)
        return;
      await db.dryTrades.saveDryTrade(fill.trade);
    }, this.deps.database);
  }
}
