import type { Ticker } from "@tradekit/cache";
import { type Decimal, DryTrade } from "@tradekit/domain";
import type { MarketSymbol } from "@tradekit/orm";
import { isOpen, type TrackedOrder } from "./order-tracker.js";

/** A dry-run fill about to be recorded: the order, its price and fee, and the dry trade. */
export interface DryFill {
  readonly tracked: TrackedOrder;
  readonly price: Decimal;
  readonly fee: Decimal;
  readonly time: Date;
  readonly trade: DryTrade;
}

/**
 * The venue of a dry-run bot, in the runner: a market order fills whole at the first tick of its
 * symbol after it was sent (at the ask for a buy, the bid for a sell, the last price when the tick
 * has none), a limit order at the first tick that trades through its price; the fee is `feeRate`
 * of the cost, in the quote currency. Like the paper venue, so a dry run and a paper run of the
 * same ticks agree; without slippage, so it is deterministic.
 */
export class DryExecutor {
  readonly #pending: TrackedOrder[] = [];

  constructor(
    readonly botId: number,
    readonly exId: number | null,
    readonly feeRate: Decimal,
    readonly markets: ReadonlyMap<string, MarketSymbol>,
  ) {}

  /** Orders waiting for a tick. */
  get pending(): number {
    return this.#pending.length;
  }

  submit(tracked: TrackedOrder): void {
    this.#pending.push(tracked);
  }

  /**
   * The fills `ticker` makes, without applying them: call `settle` for each once it is recorded.
   * `positionAfter` says what the position of a symbol would be after a signed volume.
   */
  fillsAt(ticker: Ticker, positionAfter: (symbol: string, signed: Decimal) => Decimal): DryFill[] {
    const out: DryFill[] = [];
    for (const t of this.#pending) {
      const order = t.order;
      if (order.symbol !== ticker.symbol || order.exchange !== ticker.exchange || !isOpen(t)) continue;
      const buy = order.side === "buy";
      const price = (buy ? ticker.ask : ticker.bid) ?? ticker.last;
      if (order.orderType === "limit" && order.price !== null && (buy ? price.gt(order.price) : price.lt(order.price))) continue;
      const fee = order.volume.times(price).times(this.feeRate);
      const market = this.markets.get(order.symbol);
      const trade = DryTrade.create({
        botId: this.botId,
        exId: this.exId,
        exTradeId: `${order.clientOrderId}-1`,
        exOrderId: order.clientOrderId,
        symbol: order.symbol,
        orderType: order.orderType,
        side: order.side,
        volume: order.volume,
        price,
        fee,
        feeCurrency: market?.quoteCurrency ?? null,
        time: ticker.exchangeTime,
        reason: t.signal,
        closingTrade: positionAfter(order.symbol, buy ? order.volume : order.volume.neg()).isZero(),
      });
      out.push({ tracked: t, price, fee, time: ticker.exchangeTime, trade });
    }
    return out;
  }

  /** Takes a recorded fill's order off the book. */
  settle(fill: DryFill): void {
    const i = this.#pending.indexOf(fill.tracked);
    if (i >= 0) this.#pending.splice(i, 1);
  }
}
