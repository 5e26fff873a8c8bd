import { type Candle, Decimal, Position, type Trade, type TradeResult } from "@tradekit/domain";

/** One closing fill: what it closed and what that earned, as Position computes it (DESIGN.md §5). */
export interface ClosedTrade {
  readonly time: Date;
  readonly symbol: string;
  /** The side of the position it closed. */
  readonly side: "long" | "short";
  readonly volume: Decimal;
  /** Average price of the lots it closed. */
  readonly entryPrice: Decimal;
  readonly exitPrice: Decimal;
  /** Realized PnL of the closing part, every fee share deducted (the stored roi). */
  readonly pnl: Decimal;
  readonly pnlPct: Decimal;
  /** Entry and exit fee shares of the closing part (the stored total fee). */
  readonly fee: Decimal;
}

/** One fill as the chart marks it. */
export interface FillMark {
  readonly time: Date;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly volume: Decimal;
  readonly price: Decimal;
  /** True when it opened or added to a position; false when it reduced one. */
  readonly opening: boolean;
}

/** A stored fill whose stored result is not what Position computes from the fills before it. */
export interface ResultMismatch {
  readonly exTradeId: string;
  readonly field: keyof TradeResult;
  readonly stored: string | null;
  readonly replayed: string;
}

/** Every stored fill of a run replayed through one domain Position per symbol. */
export class FillReplay {
  readonly positions = new Map<string, Position>();
  readonly closed: ClosedTrade[] = [];
  readonly marks: FillMark[] = [];
  readonly mismatches: ResultMismatch[] = [];
  /** Every fee paid, entry and exit, by symbol. */
  readonly fees = new Map<string, Decimal>();
  /** Fills by symbol. */
  readonly fillCounts = new Map<string, number>();
  readonly lastPrice = new Map<string, Decimal>();

  /** Applies one fill in stored order and checks its stored result. */
  add(trade: Trade): void {
    const position = this.#position(trade.symbol);
    const before = { volume: position.volume, closedCost: position.closedCost };
    const result = position.addTrade({ volume: trade.signedVolume, price: trade.price, fee: trade.fee });
    this.fees.set(trade.symbol, (this.fees.get(trade.symbol) ?? new Decimal(0)).plus(trade.fee));
    this.fillCounts.set(trade.symbol, (this.fillCounts.get(trade.symbol) ?? 0) + 1);
    this.lastPrice.set(trade.symbol, trade.price);
    const opposite = !before.volume.isZero() && before.volume.isNeg() !== trade.signedVolume.isNeg();
    this.marks.push({
      time: trade.time,
      symbol: trade.symbol,
      side: trade.side,
      volume: trade.volume,
      price: trade.price,
      opening: !opposite,
    });
    if (opposite) {
      const volume = Decimal.min(trade.volume, before.volume.abs());
      this.closed.push({
        time: trade.time,
        symbol: trade.symbol,
        side: before.volume.isNeg() ? "short" : "long",
        volume,
        entryPrice: position.closedCost.minus(before.closedCost).div(volume),
        exitPrice: trade.price,
        pnl: result.roi,
        pnlPct: result.roiPct,
        fee: result.totalFee,
      });
    }
    this.#check(trade, result);
  }

  /** Sum over symbols of realized PnL. */
  get realized(): Decimal {
    let sum = new Decimal(0);
    for (const p of this.positions.values()) sum = sum.plus(p.realizedPnl);
    return sum;
  }

  /** True when any symbol has open volume. */
  get anyOpen(): boolean {
    for (const p of this.positions.values()) if (p.isOpen) return true;
    return false;
  }

  /** Realized plus unrealized PnL of every symbol, each marked at `marks` (else its last fill price). */
  totalPnl(marks: ReadonlyMap<string, Decimal>): Decimal {
    let sum = new Decimal(0);
    for (const [symbol, p] of this.positions) {
      if (!p.isOpen) {
        sum = sum.plus(p.realizedPnl);
        continue;
      }
      const mark = marks.get(symbol) ?? (this.lastPrice.get(symbol) as Decimal);
      sum = sum.plus(p.calculatePnl(mark).totalPnl);
    }
    return sum;
  }

  #position(symbol: string): Position {
    let p = this.positions.get(symbol);
    if (!p) {
      p = new Position({ symbol });
      this.positions.set(symbol, p);
    }
    return p;
  }

  #check(trade: Trade, replayed: TradeResult): void {
    const stored = trade.result;
    for (const field of ["roi", "closedVolume", "totalFee", "curVolume", "curAvgPrice", "curFee"] as const) {
      const want = replayed[field].toFixed();
      const have = stored ? stored[field].toFixed() : null;
      if (have === null || !new Decimal(have).eq(want))
        this.mismatches.push({ exTradeId: trade.exTradeId, field, stored: have, replayed: want });
    }
  }
}

/** How the run looked bar by bar: its equity, drawdown and time in the market. */
export class EquityWalk {
  bars = 0;
  barsInMarket = 0;
  peak: Decimal;
  maxDrawdown = new Decimal(0);
  /** The drawdown's percentage of the peak it fell from. */
  maxDrawdownPct = new Decimal(0);
  equity: Decimal;
  readonly #marks = new Map<string, Decimal>();
  #next = 0;

  constructor(
    readonly start: Decimal,
    readonly fills: readonly Trade[],
    readonly replay: FillReplay,
  ) {
    this.peak = start;
    this.equity = start;
  }

  /** One bar of the traded series: the fills up to its close, then its close marks the positions. */
  bar(symbol: string, candle: Candle, closeTime: number): Decimal {
    while (this.#next < this.fills.length && (this.fills[this.#next] as Trade).time.getTime() <= closeTime)
      this.replay.add(this.fills[this.#next++] as Trade);
    this.#marks.set(symbol, candle.close);
    this.bars++;
    const open = this.replay.anyOpen;
    if (open) this.barsInMarket++;
    // Flat, equity is the start plus what was realized: no mark needed.
    this.equity = this.start.plus(open ? this.replay.totalPnl(this.#marks) : this.replay.realized);
    if (this.equity.gt(this.peak)) this.peak = this.equity;
    const fall = this.peak.minus(this.equity);
    if (fall.gt(this.maxDrawdown)) {
      this.maxDrawdown = fall;
      this.maxDrawdownPct = fall.div(this.peak).times(100);
    }
    return this.equity;
  }

  /** The fills after the last bar (none in a replay: a fill happens on a tick of a bar). */
  finish(): void {
    while (this.#next < this.fills.length) this.replay.add(this.fills[this.#next++] as Trade);
  }

  /** The marks of the last bar of each series. */
  get marks(): ReadonlyMap<string, Decimal> {
    return this.#marks;
  }
}
