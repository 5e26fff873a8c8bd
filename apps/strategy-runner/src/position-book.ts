import { Decimal, type DecimalInput, type PnlResult, Position, type PositionTrade } from "@tradekit/domain";
import type { StrategyPosition } from "./strategy.js";

const ZERO = new Decimal(0);

/**
 * The bot's positions by symbol, from the fills the runner sees (restored from the stored fills
 * at start), with the last price of each symbol for marking them.
 */
export class PositionBook {
  readonly #positions = new Map<string, Position>();
  readonly #lastPrice = new Map<string, Decimal>();
  readonly #lastPriceTime = new Map<string, number>();

  /** The position of `symbol` (made flat on first use). */
  of(symbol: string): Position {
    let p = this.#positions.get(symbol);
    if (!p) {
      p = new Position({ symbol });
      this.#positions.set(symbol, p);
    }
    return p;
  }

  /** Puts a position rebuilt from stored fills in place (at start). */
  restore(position: Position): void {
    this.#positions.set(position.symbol, position);
  }

  /** Applies a fill (signed volume) to the position of `symbol`. */
  addTrade(symbol: string, trade: PositionTrade): void {
    this.of(symbol).addTrade(trade);
  }

  /** Records a price of `symbol` seen at `time`; an older price than the last one is ignored. */
  mark(symbol: string, price: Decimal, time: number): void {
    const last = this.#lastPriceTime.get(symbol);
    if (last !== undefined && time < last) return;
    this.#lastPrice.set(symbol, price);
    this.#lastPriceTime.set(symbol, time);
  }

  lastPrice(symbol: string): Decimal | null {
    return this.#lastPrice.get(symbol) ?? null;
  }

  /** Realized plus unrealized PnL of every position at its last price (a position never priced counts its realized PnL). */
  totalPnl(): Decimal {
    let total = ZERO;
    for (const [symbol, p] of this.#positions) {
      const mark = this.#lastPrice.get(symbol);
      total = total.plus(mark === undefined ? p.realizedPnl : p.calculatePnl(mark).totalPnl);
    }
    return total;
  }

  /** A read-only view of the position of `symbol` for a strategy. */
  view(symbol: string): StrategyPosition {
    const book = this;
    return {
      symbol,
      get volume() {
        return book.of(symbol).volume;
      },
      get avgPrice() {
        return book.of(symbol).avgPrice;
      },
      get isOpen() {
        return book.of(symbol).isOpen;
      },
      get isLong() {
        return book.of(symbol).isLong;
      },
      get isShort() {
        return book.of(symbol).isShort;
      },
      get realizedPnl() {
        return book.of(symbol).realizedPnl;
      },
      pnl(mark?: DecimalInput): PnlResult | null {
        const at = mark ?? book.lastPrice(symbol);
        return at === null ? null : book.of(symbol).calculatePnl(at);
      },
    };
  }
}
