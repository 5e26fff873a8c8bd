import { Decimal, type DecimalInput, toDecimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import {
  add,
  cmpAbs,
  type Exact,
  fromDecimal,
  isNeg,
  isZero,
  mul,
  mulAbs,
  neg,
  toDecimal as publish,
  quotient,
  quotientOfProduct,
  sub,
  subAbs,
  toFixedString,
  ZERO,
} from "./exact.js";
import { ExactSum } from "./exact-sum.js";
import type { Lot, OpenLot } from "./lot.js";
import { checkIdentity, type PositionDict, type PositionMethod, readPositionDict } from "./position-dict.js";
import type { TradeResult } from "./trade-result.js";

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
  roi: Exact;
  closed: Exact;
  fees: Exact;
}

const HUNDRED = new Decimal(100);
// Scratch sums of the trade being closed: one trade at a time, so module-wide.
const ROI = new ExactSum();
const FEES = new ExactSum();
const CLOSED = new ExactSum();
const EXITS = new ExactSum();
const OPEN_COST = new ExactSum();
const OPEN_FEE = new ExactSum();

function read(value: DecimalInput, field: string): Exact {
  // a finite Decimal needs no checking or copying: read its words directly
  if (value instanceof Decimal && value.d !== null) return fromDecimal(value);
  return fromDecimal(toDecimal(value, field));
}

/** a / b x 100 to 40 significant digits; 0 when b is 0. */
function percent(a: Exact, b: Exact): Exact {
  // a x 100 is exact, so this is the 40-digit quotient of the percentage itself
  return isZero(b) ? ZERO : quotientOfProduct(a, HUNDRED, b);
}

/**
 * An in-memory position: open lots of one sign, realized PnL and the cost basis closed so far,
 * accounted exactly as DESIGN.md §5 says. The engine TradeRepository.saveTrades uses.
 *
 * Each lot keeps its exact cost basis next to its price (for `average`, a 40-digit rounded
 * quotient): a closing share comes off the basis by subtraction and a whole close takes what is
 * left, so cost opened = closed + open to the last digit, and fifo and average give the same
 * total PnL exactly. Fee shares follow the same rule, which is what conserves fees.
 */
export class Position {
  readonly symbol: string;
  readonly exId: number | null;
  readonly method: PositionMethod;
  #lots: OpenLot[] = [];
  // Running sums over #lots, kept exact, so every figure after a trade is O(1).
  #volume: Exact = ZERO;
  #openCost: Exact = ZERO;
  #openFee: Exact = ZERO;
  #realized = new ExactSum();
  #closedCost = new ExactSum();

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
    const v = read(trade.volume, "volume");
    if (isZero(v)) throw ValidationError.invalid("volume", trade.volume, "a non-zero signed volume (> 0 buys, < 0 sells)");
    const p = read(trade.price, "price");
    if (isZero(p) || isNeg(p)) throw ValidationError.invalid("price", trade.price, "greater than 0");
    const f = trade.fee === undefined || trade.fee === null ? ZERO : read(trade.fee, "fee");
    let result: Closing | undefined;
    if (isZero(this.#volume) || isNeg(this.#volume) === isNeg(v)) this.#open(v, p, f);
    else result = this.#close(v, p, f);
    this.#volume = add(this.#volume, v);
    return {
      roi: publish(result?.roi ?? ZERO),
      roiPct: publish(result ? percent(result.roi, result.closed) : ZERO),
      totalFee: publish(result?.fees ?? ZERO),
      curVolume: publish(this.#volume),
      curAvgPrice: publish(this.#avgPrice()),
      curAvgCost: publish(this.#openCost),
      curFee: publish(this.#openFee),
    };
  }

  #avgPrice(): Exact {
    return isZero(this.#volume) ? ZERO : quotient(this.#openCost, this.#volume, 1);
  }

  #open(v: Exact, p: Exact, f: Exact): void {
    const cost = mulAbs(v, p);
    this.#openCost = add(this.#openCost, cost);
    this.#openFee = add(this.#openFee, f);
    const lot = this.#lots[0];
    if (this.method === "fifo" || lot === undefined) {
      this.#lots.push({ qty: v, price: p, cost, fee: f });
      return;
    }
    lot.qty = add(lot.qty, v);
    lot.cost = add(lot.cost, cost);
    lot.fee = add(lot.fee, f);
    lot.price = quotient(lot.cost, lot.qty, 1);
  }

  /**
   * Walks the lots from the oldest against a trade the other way. Totals build up in exact sums
   * (no Decimal per matched part); only what the trade result and the lots keep is materialized.
   */
  #close(v: Exact, p: Exact, f: Exact): Closing {
    const lots = this.#lots;
    // gross of a matched part = sign x (m x p - its cost basis): proceeds minus cost for a long
    const sign = isNeg(this.#volume) ? -1 : 1;
    const roi = ROI.reset();
    const fees = FEES.reset();
    const closed = CLOSED.reset();
    const exits = EXITS.reset();
    const openCost = OPEN_COST.reset();
    const openFee = OPEN_FEE.reset();
    openCost.add(this.#openCost, 1);
    openFee.add(this.#openFee, 1);
    let left = v; // |left| is what is still to match; its sign is the trade's
    let done = 0; // lots closed whole
    let matchedAll = false;
    while (done < lots.length) {
      const lot = lots[done]!;
      const c = cmpAbs(left, lot.qty);
      // m, the matched quantity: the lot whole, or what is left of the trade
      const m = c >= 0 ? lot.qty : left;
      let costShare: Exact;
      let entryFee: Exact;
      if (c >= 0) {
        costShare = lot.cost;
        entryFee = lot.fee;
        done++;
        if (c === 0) matchedAll = true;
        else left = subAbs(left, lot.qty, v.s);
      } else {
        costShare = mulAbs(left, lot.price);
        entryFee = isZero(lot.fee) ? ZERO : quotientOfProduct(lot.fee, left, lot.qty, lot.fee.s);
        lot.qty = subAbs(lot.qty, left, lot.qty.s);
        lot.cost = sub(lot.cost, costShare);
        lot.fee = sub(lot.fee, entryFee);
        matchedAll = true;
      }
      closed.add(costShare, 1);
      openCost.add(costShare, -1);
      roi.add(costShare, -sign);
      fees.add(entryFee, 1);
      roi.add(entryFee, -1);
      openFee.add(entryFee, -1);
      if (matchedAll) break;
      // a part before the last takes its share of the trade's fee; the last part takes the rest
      if (!isZero(f)) exits.add(quotientOfProduct(f, m, v, f.s), 1);
    }
    if (done > 0) lots.splice(0, done);
    let rest: Exact = ZERO; // the fee the flipped remainder carries
    if (matchedAll) {
      fees.add(f, 1);
      roi.add(f, -1);
      roi.addProduct(v, p, sign * v.s); // proceeds of |v|
    } else {
      const exitFees = exits.value();
      fees.add(exitFees, 1);
      roi.add(exitFees, -1);
      rest = sub(f, exitFees);
      roi.addProduct(subAbs(v, left, 1), p, sign); // proceeds of the matched part
    }
    const result: Closing = { roi: roi.value(), closed: closed.value(), fees: fees.value() };
    this.#openCost = openCost.value();
    this.#openFee = openFee.value();
    this.#realized.add(result.roi, 1);
    this.#closedCost.add(result.closed, 1);
    if (!matchedAll) this.#open(left, p, rest);
    return result;
  }

  /** PnL at `mark`: unrealized (open lots' fees deducted), realized, total and its percentage of all cost opened. */
  calculatePnl(mark: DecimalInput): PnlResult {
    const price = read(mark, "mark");
    if (isZero(price) || isNeg(price)) throw ValidationError.invalid("mark", mark, "greater than 0");
    // sum of lot.qty * (mark - lot.price) - lot.fee, with the exact cost basis in place of qty * price
    const basis = isNeg(this.#volume) ? neg(this.#openCost) : this.#openCost;
    const unrealized = sub(sub(mul(this.#volume, price), basis), this.#openFee);
    const realized = this.#realized.value();
    const total = add(realized, unrealized);
    return {
      unrealizedPnl: publish(unrealized),
      realizedPnl: publish(realized),
      totalPnl: publish(total),
      pnlPercentage: publish(percent(total, add(this.#closedCost.value(), this.#openCost))),
    };
  }

  /** Signed open volume: > 0 long, < 0 short, exactly 0 flat. */
  get volume(): Decimal {
    return publish(this.#volume);
  }
  /** Average open price (open cost / |volume|); 0 when flat. */
  get avgPrice(): Decimal {
    return publish(this.#avgPrice());
  }
  get isOpen(): boolean {
    return !isZero(this.#volume);
  }
  get isLong(): boolean {
    return !isZero(this.#volume) && !isNeg(this.#volume);
  }
  get isShort(): boolean {
    return isNeg(this.#volume);
  }
  /** Realized PnL of everything closed so far, fees deducted. */
  get realizedPnl(): Decimal {
    return publish(this.#realized.value());
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
    return publish(this.#closedCost.value());
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
        qty: toFixedString(l.qty),
        price: toFixedString(l.price),
        cost: toFixedString(l.cost),
        fee: toFixedString(l.fee),
      })),
      realizedPnl: toFixedString(this.#realized.value()),
      closedCost: toFixedString(this.#closedCost.value()),
    };
  }

  /** Rebuilds a Position from `toDict()` output; ValidationError naming the bad key otherwise. */
  static fromDict(dict: PositionDict): Position {
    const state = readPositionDict(dict);
    const position = new Position({ symbol: state.symbol, exId: state.exId, method: state.method });
    position.#lots = state.lots;
    for (const lot of state.lots) {
      position.#volume = add(position.#volume, lot.qty);
      position.#openCost = add(position.#openCost, lot.cost);
      position.#openFee = add(position.#openFee, lot.fee);
    }
    position.#realized.add(state.realized, 1);
    position.#closedCost.add(state.closedCost, 1);
    return position;
  }
}
