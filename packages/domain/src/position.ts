import { Decimal, type DecimalInput, toDecimal, toPositiveDecimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import type { Lot, OpenLot } from "./lot.js";
import { checkIdentity, type PositionDict, type PositionMethod, readPositionDict } from "./position-dict.js";
import type { TradeResult } from "./trade-result.js";
import { percentOf, publish, quotient, ratio, WIDE_ZERO, type Wide, wide } from "./wide.js";

/** A fill as the position sees it: signed volume (> 0 buys, < 0 sells), price > 0, fee in quote currency. */
export interface PositionTrade {
  volume: DecimalInput;
  price: DecimalInput;
  /** Default 0; negative for a rebate. */
  fee?: DecimalInput | null;
}

/** PnL of a position at a mark price (DESIGN.md §5). */
export interface PnlResult {
  readonly unrealizedPnl: Decimal;
  readonly realizedPnl: Decimal;
  readonly totalPnl: Decimal;
  /** totalPnl / (closed cost + open cost) x 100; 0 when nothing was ever opened. */
  readonly pnlPercentage: Decimal;
}

/** Options of `new Position`. */
export interface PositionOptions {
  symbol: string;
  exId?: number | null;
  /** `fifo` (default) or `average`. */
  method?: PositionMethod;
}

interface Closing {
  roi: Wide;
  closed: Wide;
  fees: Wide;
}

/**
 * An in-memory position: open lots of one sign, realized PnL and the cost basis closed so far,
 * accounted exactly as DESIGN.md §5 says. The engine TradeRepository.saveTrades uses.
 */
export class Position {
  readonly symbol: string;
  readonly exId: number | null;
  readonly method: PositionMethod;
  #lots: OpenLot[] = [];
  // Running sums over #lots, kept exact, so every figure after a trade is O(1).
  #volume: Wide = WIDE_ZERO;
  #openCost: Wide = WIDE_ZERO;
  #openFee: Wide = WIDE_ZERO;
  #realized: Wide = WIDE_ZERO;
  #closedCost: Wide = WIDE_ZERO;

  constructor(options: PositionOptions) {
    const method = options.method ?? "fifo";
    const exId = options.exId ?? null;
    checkIdentity(options.symbol, exId, method);
    this.symbol = options.symbol;
    this.exId = exId;
    this.method = method;
  }

  /** Applies one fill (signed volume) and returns what it did: roi, fees and the position after it. */
  addTrade(trade: PositionTrade): TradeResult {
    const v = wide(toDecimal(trade.volume, "volume"));
    if (v.isZero()) throw ValidationError.invalid("volume", trade.volume, "a non-zero signed volume (> 0 buys, < 0 sells)");
    const p = wide(toPositiveDecimal(trade.price, "price"));
    const f = trade.fee === undefined || trade.fee === null ? WIDE_ZERO : wide(toDecimal(trade.fee, "fee"));
    let result: Closing | undefined;
    if (this.#volume.isZero() || this.#volume.isNeg() === v.isNeg()) this.#open(v, p, f);
    else result = this.#close(v, p, f);
    this.#volume = this.#volume.plus(v);
    const roi = result?.roi ?? WIDE_ZERO;
    return {
      roi: publish(roi),
      roiPct: result ? percentOf(roi, result.closed) : new Decimal(0),
      totalFee: publish(result?.fees ?? WIDE_ZERO),
      curVolume: publish(this.#volume),
      curAvgPrice: ratio(this.#openCost, this.#volume.abs()),
      curAvgCost: publish(this.#openCost),
      curFee: publish(this.#openFee),
    };
  }

  #open(v: Wide, p: Wide, f: Wide): void {
    const cost = v.abs().times(p);
    this.#openCost = this.#openCost.plus(cost);
    this.#openFee = this.#openFee.plus(f);
    const lot = this.#lots[0];
    if (this.method === "fifo" || lot === undefined) {
      this.#lots.push({ qty: v, price: p, cost, fee: f });
      return;
    }
    lot.qty = lot.qty.plus(v);
    lot.cost = lot.cost.plus(cost);
    lot.fee = lot.fee.plus(f);
    lot.price = quotient(lot.cost, lot.qty.abs());
  }

  #close(v: Wide, p: Wide, f: Wide): Closing {
    const size = v.abs();
    const long = this.#volume.isPos();
    let left = size;
    let exitFeeLeft = f;
    let roi = WIDE_ZERO;
    let closed = WIDE_ZERO;
    let fees = WIDE_ZERO;
    while (!left.isZero() && this.#lots.length > 0) {
      const lot = this.#lots[0]!;
      const lotSize = lot.qty.abs();
      const whole = left.gte(lotSize);
      const m = whole ? lotSize : left;
      const costShare = whole ? lot.cost : m.times(lot.price);
      const entryFee = whole || lot.fee.isZero() ? lot.fee : quotient(lot.fee.times(m), lotSize);
      left = left.minus(m);
      // The last matched part of a trade that does not flip takes the rounding rest of its fee;
      // on a flip the rest goes to the new lot.
      const exitFee = left.isZero() ? exitFeeLeft : f.isZero() ? f : quotient(f.times(m), size);
      exitFeeLeft = exitFeeLeft.minus(exitFee);
      const proceeds = m.times(p);
      const gross = long ? proceeds.minus(costShare) : costShare.minus(proceeds);
      roi = roi.plus(gross).minus(entryFee).minus(exitFee);
      closed = closed.plus(costShare);
      fees = fees.plus(entryFee).plus(exitFee);
      this.#openCost = this.#openCost.minus(costShare);
      this.#openFee = this.#openFee.minus(entryFee);
      if (whole) {
        this.#lots.shift();
      } else {
        lot.qty = long ? lot.qty.minus(m) : lot.qty.plus(m);
        lot.cost = lot.cost.minus(costShare);
        lot.fee = lot.fee.minus(entryFee);
      }
    }
    this.#realized = this.#realized.plus(roi);
    this.#closedCost = this.#closedCost.plus(closed);
    if (!left.isZero()) this.#open(long ? left.neg() : left, p, exitFeeLeft);
    return { roi, closed, fees };
  }

  /** PnL at `mark`: unrealized (open lots' fees deducted), realized, total and its percentage of all cost opened. */
  calculatePnl(mark: DecimalInput): PnlResult {
    const price = wide(toPositiveDecimal(mark, "mark"));
    // sum of lot.qty * (mark - lot.price) - lot.fee, with the exact cost basis in place of qty * price
    const basis = this.#volume.isNeg() ? this.#openCost.neg() : this.#openCost;
    const unrealized = this.#volume.times(price).minus(basis).minus(this.#openFee);
    const total = this.#realized.plus(unrealized);
    return {
      unrealizedPnl: publish(unrealized),
      realizedPnl: publish(this.#realized),
      totalPnl: publish(total),
      pnlPercentage: percentOf(total, this.#closedCost.plus(this.#openCost)),
    };
  }

  /** Signed open volume: > 0 long, < 0 short, exactly 0 flat. */
  get volume(): Decimal {
    return publish(this.#volume);
  }
  /** Average open price (open cost / |volume|); 0 when flat. */
  get avgPrice(): Decimal {
    return ratio(this.#openCost, this.#volume.abs());
  }
  get isOpen(): boolean {
    return !this.#volume.isZero();
  }
  get isLong(): boolean {
    return !this.#volume.isZero() && this.#volume.isPos();
  }
  get isShort(): boolean {
    return !this.#volume.isZero() && this.#volume.isNeg();
  }
  /** Realized PnL of everything closed so far, fees deducted. */
  get realizedPnl(): Decimal {
    return publish(this.#realized);
  }
  /** The open lots, oldest first (a copy). */
  get lots(): readonly Lot[] {
    return Object.freeze(
      this.#lots.map((l) =>
        Object.freeze({ qty: publish(l.qty), price: publish(l.price), fee: publish(l.fee), cost: publish(l.cost) }),
      ),
    );
  }
  /** Cost basis closed so far. */
  get closedCost(): Decimal {
    return publish(this.#closedCost);
  }
  /** Cost basis of the open lots. */
  get openCost(): Decimal {
    return publish(this.#openCost);
  }
  /** Entry fees the open lots still carry. */
  get openFee(): Decimal {
    return publish(this.#openFee);
  }

  /** JSON-safe state (exact decimal strings) that `fromDict` continues exactly. */
  toDict(): PositionDict {
    return {
      symbol: this.symbol,
      exId: this.exId,
      method: this.method,
      lots: this.#lots.map((l) => ({
        qty: l.qty.toFixed(),
        price: l.price.toFixed(),
        cost: l.cost.toFixed(),
        fee: l.fee.toFixed(),
      })),
      realizedPnl: this.#realized.toFixed(),
      closedCost: this.#closedCost.toFixed(),
    };
  }

  /** Rebuilds a Position from `toDict()` output; ValidationError naming the bad key otherwise. */
  static fromDict(dict: PositionDict): Position {
    const state = readPositionDict(dict);
    const position = new Position({ symbol: state.symbol, exId: state.exId, method: state.method });
    position.#lots = state.lots;
    for (const lot of state.lots) {
      position.#volume = position.#volume.plus(lot.qty);
      position.#openCost = position.#openCost.plus(lot.cost);
      position.#openFee = position.#openFee.plus(lot.fee);
    }
    position.#realized = state.realized;
    position.#closedCost = state.closedCost;
    return position;
  }
}
