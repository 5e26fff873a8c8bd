import { Decimal } from "@tradekit/domain";
import type { BotRunStatistics } from "@tradekit/orm";
import type { PositionBook } from "./position-book.js";

const ZERO = new Decimal(0);

/**
 * The totals of one run: the fills it saw, its PnL (realized plus unrealized at the last prices,
 * less what the positions carried at start) and its maximum drawdown, the largest fall of that
 * PnL from its running peak (the peak starts at 0), sampled at every fill and closed candle.
 */
export class RunTotals {
  #fills = 0;
  #baseline: Decimal;
  #peak = ZERO;
  #pnl = ZERO;
  #drawdown = ZERO;

  constructor(readonly positions: PositionBook) {
    this.#baseline = positions.totalPnl();
  }

  /** Starts counting from the positions as they are now (after the warm-up marked them). */
  rebase(): void {
    this.#baseline = this.positions.totalPnl();
    this.#peak = ZERO;
    this.#pnl = ZERO;
    this.#drawdown = ZERO;
  }

  countFill(): void {
    this.#fills++;
    this.sample();
  }

  /** Takes the PnL at the current prices into the peak and drawdown. */
  sample(): void {
    this.#pnl = this.positions.totalPnl().minus(this.#baseline);
    if (this.#pnl.gt(this.#peak)) this.#peak = this.#pnl;
    const fall = this.#peak.minus(this.#pnl);
    if (fall.gt(this.#drawdown)) this.#drawdown = fall;
  }

  get fills(): number {
    return this.#fills;
  }

  get pnl(): Decimal {
    return this.#pnl;
  }

  get maxDrawdown(): Decimal {
    return this.#drawdown;
  }

  /** The figures `db.botRuns` stores. */
  statistics(): BotRunStatistics {
    return { totalTrades: this.#fills, totalPnl: this.#pnl, maxDrawdown: this.#drawdown };
  }
}
