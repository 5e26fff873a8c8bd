import type { Ticker } from "@tradekit/cache";
import type { Decimal } from "@tradekit/domain";
import type { StrategyContext, StrategyFill } from "../strategy.js";

/**
 * The stop and target of the open long position, taken from the entry order, checked on every
 * tick: the strategy closes at market when the price reaches either. Shared by the examples.
 */
export class ProtectiveExits {
  #stop: Decimal | null = null;
  #target: Decimal | null = null;

  /** Remembers the stop and target of an entry fill; forgets them once the position is flat. */
  onTrade(fill: StrategyFill, ctx: StrategyContext<unknown>): void {
    if (!ctx.position.isOpen) {
      this.#stop = null;
      this.#target = null;
    } else if (fill.side === "buy") {
      this.#stop = fill.order.stopLoss;
      this.#target = fill.order.takeProfit;
    }
  }

  /** Closes the long position when `ticker` is at or through its stop or target. */
  onTick(ticker: Ticker, ctx: StrategyContext<unknown>): void {
    if (!ctx.position.isLong || ticker.symbol !== ctx.feed.symbol) return;
    if (this.#stop !== null && ticker.last.lte(this.#stop)) ctx.close({ signal: "stop-loss" });
    else if (this.#target !== null && ticker.last.gte(this.#target)) ctx.close({ signal: "take-profit" });
  }
}
