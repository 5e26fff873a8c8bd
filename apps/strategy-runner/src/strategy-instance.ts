import { Decimal, type Order, TradekitError } from "@tradekit/domain";
import type { Logger } from "pino";
import type { LoadedStrategy } from "./bot-loader.js";
import { clientOrderIdFor } from "./client-order-id.js";
import type { Clock } from "./clock.js";
import { IndicatorSet } from "./indicator-set.js";
import { buildEntryOrder, buildExitOrder, type RequestOrigin } from "./order-builder.js";
import type { OrderTracker } from "./order-tracker.js";
import type { PositionBook } from "./position-book.js";
import type { SeriesState } from "./series-state.js";
import type { CloseOptions, OrderRequestOptions, Strategy, StrategyContext } from "./strategy.js";

/** What the strategy instances of one run share. */
export interface InstanceServices {
  readonly bot: { readonly id: number; readonly name: string; readonly dryRun: boolean };
  /** Where orders go: exchange and account. */
  readonly exchange: string;
  readonly exId: number | null;
  readonly clock: Clock;
  readonly positions: PositionBook;
  readonly tracker: OrderTracker;
  readonly logger: Logger;
  readonly handlerTimeoutMs: number;
}

/** A request a handler made: the order and its signal. */
export interface StrategyRequest {
  readonly order: Order;
  readonly signal: string;
}

/** The handlers the runner calls, with their argument. */
export type HandlerName = "init" | "onCandle" | "onTick" | "onOrderUpdate" | "onTrade" | "cleanup";

/** Where a strategy is: running, stopped because a handler threw, or stopped with the run. */
export type InstanceState = "running" | "error" | "stopped";

/** How a strategy failed: the handler and the error. */
export interface StrategyFailure {
  readonly handler: HandlerName;
  readonly error: unknown;
}

/** A handler that did not settle in time. */
export class HandlerTimeoutError extends TradekitError {
  constructor(handler: string, ms: number) {
    super("STRATEGY_HANDLER_TIMEOUT", `${handler} did not finish within ${ms} ms`);
  }
}

const ZERO = new Decimal(0);

/**
 * One running bot strategy: its instance, its context, its indicators, and the isolation of its
 * handlers. A handler that throws (or rejects, or outlives handlerTimeoutMs) stops this strategy
 * alone: the requests it made in that call are dropped and `onFailure` reports it.
 */
export class StrategyInstance {
  state: InstanceState = "running";
  failure: StrategyFailure | null = null;
  readonly indicators: IndicatorSet;
  readonly ctx: StrategyContext;
  readonly #strategy: Strategy;
  readonly #feeds: readonly SeriesState[];
  #eventTime: Date;
  #requests: StrategyRequest[] = [];
  readonly #sequence = new Map<string, number>();
  #inInit = false;

  constructor(
    readonly loaded: LoadedStrategy,
    feeds: readonly SeriesState[],
    readonly services: InstanceServices,
  ) {
    this.#feeds = feeds;
    this.#strategy = loaded.definition.create(loaded.params);
    this.indicators = new IndicatorSet(feeds.length);
    this.#eventTime = services.clock.now();
    this.ctx = this.#context();
  }

  get botStrategyId(): number {
    return this.loaded.details.id;
  }

  /** The symbol the strategy trades (its feed 0). */
  get symbol(): string {
    return (this.#feeds[0] as SeriesState).symbol;
  }

  get feeds(): readonly SeriesState[] {
    return this.#feeds;
  }

  has(handler: HandlerName): boolean {
    return typeof this.#strategy[handler] === "function";
  }

  /**
   * Calls `handler` with `arg` at signal time `time`; returns the requests it made. When the
   * handler fails the strategy is stopped, `failure` says why, and null is returned.
   */
  async call(handler: HandlerName, arg: unknown, time: Date): Promise<StrategyRequest[] | null> {
    const fn = this.#strategy[handler] as ((a: unknown, c?: unknown) => unknown) | undefined;
    if (this.state !== "running" || !fn) return [];
    this.#eventTime = time;
    this.#sequence.clear();
    this.#inInit = handler === "init";
    try {
      const result =
        handler === "init" || handler === "cleanup" ? fn.call(this.#strategy, this.ctx) : fn.call(this.#strategy, arg, this.ctx);
      if (result !== null && typeof result === "object" && typeof (result as Promise<unknown>).then === "function")
        await this.#withTimeout(handler, result as Promise<unknown>);
    } catch (error) {
      for (const r of this.#requests) this.services.tracker.untrack(r.order.clientOrderId);
      this.#requests = [];
      this.state = "error";
      this.failure = { handler, error };
      return null;
    } finally {
      this.#inInit = false;
    }
    const made = this.#requests;
    this.#requests = [];
    return made;
  }

  /** Calls cleanup once (after a failure too); its own failure is only logged. */
  async cleanup(): Promise<void> {
    const fn = this.#strategy.cleanup;
    if (!fn) return;
    try {
      await this.#withTimeout("cleanup", Promise.resolve(fn.call(this.#strategy, this.ctx)));
    } catch (error) {
      this.services.logger.error({ err: error, botStrategyId: this.botStrategyId }, "strategy cleanup failed");
    }
  }

  async #withTimeout(handler: string, promise: Promise<unknown>): Promise<void> {
    const ms = this.services.handlerTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HandlerTimeoutError(handler, ms)), ms);
    });
    try {
      await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #origin(signal: string): RequestOrigin {
    const s = this.services;
    const sequence = this.#sequence.get(signal) ?? 0;
    this.#sequence.set(signal, sequence + 1);
    const clientOrderId = clientOrderIdFor({
      botId: s.bot.id,
      botStrategyId: this.botStrategyId,
      signal,
      time: this.#eventTime,
      sequence,
    });
    return { botId: s.bot.id, exId: s.exId, exchange: s.exchange, clientOrderId, createdAt: this.#eventTime };
  }

  #request(signal: string, build: (origin: RequestOrigin) => Order): Order {
    if (this.#inInit) throw new TradekitError("REQUEST_IN_INIT", "a strategy cannot send orders from init; do it in a handler");
    const origin = this.#origin(signal);
    const known = this.services.tracker.get(origin.clientOrderId);
    // The same signal at the same data time is the same order (a retried or repeated decision).
    if (known) return known.order;
    const order = build(origin);
    this.services.tracker.track(order, signal, this.botStrategyId);
    this.#requests.push({ order, signal });
    return order;
  }

  #context(): StrategyContext {
    const instance = this;
    const s = this.services;
    const trading = this.#feeds[0] as SeriesState;
    const views = this.#feeds.map((f, i) => f.view(i));
    const position = s.positions.view(trading.symbol);
    return {
      params: this.loaded.params,
      bot: s.bot,
      botStrategyId: this.botStrategyId,
      strategyName: this.loaded.details.strategyName,
      feeds: views,
      feed: views[0] as (typeof views)[number],
      get indicatorsReady() {
        return instance.indicators.ready;
      },
      position,
      get openOrders() {
        return s.tracker.openOf(instance.botStrategyId);
      },
      get lastPrice() {
        return s.positions.lastPrice(trading.symbol);
      },
      log: s.logger.child({ botStrategyId: this.botStrategyId, strategy: this.loaded.details.strategyName }),
      now: () => s.clock.now(),
      indicator: (indicator, options) => {
        if (!instance.#inInit) throw new TradekitError("INDICATOR_AFTER_INIT", "register indicators in init, before the warm-up");
        return instance.indicators.register(indicator, options);
      },
      buy: (options: OrderRequestOptions) =>
        this.#request(options.signal, (o) =>
          buildEntryOrder("buy", options, s.positions.lastPrice(trading.symbol), trading.market, o),
        ),
      sell: (options: OrderRequestOptions) =>
        this.#request(options.signal, (o) =>
          buildEntryOrder("sell", options, s.positions.lastPrice(trading.symbol), trading.market, o),
        ),
      close: (options: CloseOptions) => {
        const volume = position.volume;
        if (volume.isZero()) return null;
        const side = volume.gt(0) ? "sell" : "buy";
        const left = volume.abs().minus(s.tracker.openVolume(this.botStrategyId, trading.symbol, side));
        const cut = left.toDecimalPlaces(trading.market.volumePrecision, Decimal.ROUND_DOWN);
        if (!cut.gt(ZERO)) return null;
        return this.#request(options.signal, (o) =>
          buildExitOrder(side, cut, options.limitPrice, s.positions.lastPrice(trading.symbol), trading.market, o),
        );
      },
    };
  }
}
