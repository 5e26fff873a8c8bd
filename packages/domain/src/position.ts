import { Decimal, type DecimalInput, toAmount } from "./decimal.js";
import { ValidationError } from "./errors.js";
import {
  add,
  cmpAbs,
  type Exact,
  fromDecimal,
  gain,
  isNeg,
  isZero,
  mul,
  mulAbs,
  neg,
  plusProduct,
  plusProducts,
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

// What the trade being applied closed: one trade at a time, so module-wide.
let ROI: Exact = ZERO;
let CLOSED: Exact = ZERO;
let FEES: Exact = ZERO;
let CLOSED_VOLUME: Exact = ZERO;

const HUNDRED = new Decimal(100);

function read(value: DecimalInput, field: string): Exact {
  // A finite Decimal needs no checking or copying: its words are read directly. Every Decimal —
  // decimal.js's own and the engine's — carries its constructor as its own property, and that
  // load is a check V8 compiles inline; `instanceof` against a module's binding it does not
  // (measured: FunctionPrototypeHasInstance took 2-3% of a fill). It must be an amount
  // (AMOUNT_RANGE: a Decimal of 10^9e15 would size word arrays by its exponent): five words or
  // fewer (at most 35 digits) and a leading digit from 10^-30 to 10^29, checked here inline (a
  // call cost ~10% of a fill); anything else — longer, another decimal.js configuration, text —
  // goes through toAmount, which checks the digits exactly.
  if (typeof value === "object" && value !== null && value.constructor === Decimal) {
    const d = (value as Decimal).d;
    const e = (value as Decimal).e;
    if (d !== null && d.length <= 5 && e >= -30 && e <= 29) return fromDecimal(value as Decimal);
  }
  return fromDecimal(toAmount(value, field));
}

/** A lot's exact cost basis. */
function costOf(lot: OpenLot): Exact {
  return lot.cost ?? mulAbs(lot.qty, lot.price);
}

/** A lot as JSON-safe data; its base only where it says more than the lot itself. */
function lotToDict(l: OpenLot): PositionDict["lots"][number] {
  const dict: PositionDict["lots"][number] = {
    qty: toFixedString(l.qty),
    price: toFixedString(l.price),
    cost: toFixedString(costOf(l)),
    fee: toFixedString(l.fee),
  };
  if (cmpAbs(l.baseQty, l.qty) !== 0) {
    dict.baseQty = toFixedString(l.baseQty);
    dict.baseFee = toFixedString(l.baseFee);
  }
  // present exactly when the cost is kept rather than |qty| x price: fromDict tells them apart by it
  if (l.baseCost !== null) dict.baseCost = toFixedString(l.baseCost);
  return dict;
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
 * A lot opened by one trade has the exact cost basis |qty| x price, however much of it closes,
 * so it is never built; an `average` lot keeps its basis next to its 40-digit rounded price.
 * What remains of a lot after a partial close — its fee, and an average lot's cost — is derived
 * from the amounts the lot was stated with and the quantity still open, rounded once (OpenLot),
 * so it is exactly the short decimal whenever the exact remainder is one; the closing share is
 * the difference, and a whole close takes what is left. So cost opened = closed + open and every
 * fee paid = fees realized + fees open, to the last digit, and fifo and average give the same
 * total PnL exactly.
 */
export class Position {
  readonly symbol: string;
  readonly exId: number | null;
  readonly method: PositionMethod;
  // The open lots are #lots[#head..], oldest first: a close moves #head past the lots it takes
  // whole rather than shifting the array, which is compacted now and then (#drop).
  #lots: OpenLot[] = [];
  #head = 0;
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
    if (isZero(this.#volume) || isNeg(this.#volume) === isNeg(v)) {
      this.#open(v, p, f, v, f);
      CLOSED = ZERO;
      ROI = ZERO;
      FEES = ZERO;
      CLOSED_VOLUME = ZERO;
    } else this.#close(v, p, f);
    this.#volume = add(this.#volume, v);
    return {
      roi: publish(ROI),
      roiPct: publish(percent(ROI, CLOSED)),
      closedVolume: publish(CLOSED_VOLUME),
      totalFee: publish(FEES),
      curVolume: publish(this.#volume),
      curAvgPrice: publish(this.#avgPrice()),
      curAvgCost: publish(this.#openCost),
      curFee: publish(this.#openFee),
    };
  }

  #avgPrice(): Exact {
    return isZero(this.#volume) ? ZERO : quotient(this.#openCost, this.#volume, 1);
  }

  /** Opens v at p carrying the fee f, f being the share of baseFee for v out of baseQty (a flip's rest). */
  #open(v: Exact, p: Exact, f: Exact, baseQty: Exact, baseFee: Exact): void {
    this.#openCost = plusProduct(this.#openCost, v, p);
    this.#openFee = add(this.#openFee, f);
    const lot = this.#lots[this.#head];
    if (this.method === "fifo" || lot === undefined) {
      // its cost basis is |v| x p for as long as it is open: never built
      this.#lots.push({ qty: v, price: p, cost: null, fee: f, baseQty, baseFee, baseCost: null });
      return;
    }
    // an average merge: the merged lot is the base of what remains of it from now on
    const cost = plusProduct(costOf(lot), v, p);
    lot.cost = cost;
    lot.qty = add(lot.qty, v);
    lot.fee = add(lot.fee, f);
    lot.price = quotient(cost, lot.qty, 1);
    lot.baseQty = lot.qty;
    lot.baseFee = lot.fee;
    lot.baseCost = cost;
  }

  /**
   * Walks the lots from the oldest against a trade the other way, with exact Decimal sums of the
   * cost basis and entry fees it closes; everything else follows from those two.
   */
  #close(v: Exact, p: Exact, f: Exact): void {
    const lots = this.#lots;
    const head = this.#head;
    // A trade larger than the position flips it. Otherwise its last matched part takes the rest of
    // its fee, so the exit shares add up to the whole fee and no share needs computing on its own.
    const flips = cmpAbs(v, this.#volume) > 0;
    let left = v; // |left| is what is still to match; its sign is the trade's
    let done = 0; // lots closed whole
    let closed = ZERO; // cost basis closed
    // a fifo lot's closing part and price whose cost is not yet in `closed`: costs are added two
    // at a time, in one pass (a close usually takes one lot whole and ends inside the next)
    let heldQty: Exact | null = null;
    let heldPrice = ZERO;
    let entry = ZERO; // entry fee shares
    while (head + done < lots.length) {
      const lot = lots[head + done]!;
      const c = cmpAbs(left, lot.qty);
      if (lot.cost === null) {
        // its closing part's cost is |part| x price: the whole lot, or |left| of it
        const part = c >= 0 ? lot.qty : left;
        if (heldQty === null) {
          heldQty = part;
          heldPrice = lot.price;
        } else {
          closed = plusProducts(closed, heldQty, heldPrice, part, lot.price);
          heldQty = null;
        }
      }
      if (c >= 0) {
        // the lot closes whole: its cost basis and its remaining fee
        if (lot.cost !== null) closed = add(closed, lot.cost);
        entry = add(entry, lot.fee);
        done++;
        if (c === 0) break;
        left = subAbs(left, lot.qty, v.s);
      } else {
        // the trade ends inside this lot, |left| of it closing: what remains is the lot's base
        // share for the quantity still open, rounded once, and the closing share the difference
        const qty = subAbs(lot.qty, left, lot.qty.s);
        if (lot.cost !== null) {
          const cost = quotientOfProduct(lot.baseCost as Exact, qty, lot.baseQty, 1);
          closed = add(closed, sub(lot.cost, cost));
          lot.cost = cost;
        }
        const fee = isZero(lot.baseFee) ? ZERO : quotientOfProduct(lot.baseFee, qty, lot.baseQty, lot.baseFee.s);
        entry = add(entry, sub(lot.fee, fee));
        lot.qty = qty;
        lot.fee = fee;
        break;
      }
    }
    if (heldQty !== null) closed = plusProduct(closed, heldQty, heldPrice);
    if (done > 0) this.#drop(done);
    // a flip opens the rest |left| the other way with its share of the fee, rounded once; the
    // closing part's exit share is the difference
    const restFee = !flips || isZero(f) ? ZERO : quotientOfProduct(f, left, v, f.s);
    const fees = add(entry, flips ? sub(f, restFee) : f);
    // roi = sign x (proceeds - cost closed) - fees, sign 1 for a long and -1 for a short, the
    // proceeds those of the trade, or of the position when it flips
    const sign = isNeg(this.#volume) ? -1 : 1;
    ROI = gain(flips ? this.#volume : v, p, closed, sign, fees);
    CLOSED = closed;
    FEES = fees;
    // unsigned: all of the trade, or all of the position when the trade flips it
    const closedVolume = flips ? this.#volume : v;
    CLOSED_VOLUME = isNeg(closedVolume) ? neg(closedVolume) : closedVolume;
    this.#openCost = sub(this.#openCost, closed);
    this.#openFee = sub(this.#openFee, entry);
    this.#realized.add(ROI, 1);
    this.#closedCost.add(closed, 1);
    // a flip: the rest opens a lot the other way at p, its fee stated by the whole trade
    if (flips) this.#open(left, p, restFee, v, f);
  }

  /** Drops the n oldest open lots. */
  #drop(n: number): void {
    const lots = this.#lots;
    const head = this.#head + n;
    if (head >= 32 && head * 2 >= lots.length) {
      // the closed lots are at least half the array: move the open ones down
      lots.copyWithin(0, head);
      lots.length -= head;
      this.#head = 0;
    } else this.#head = head;
  }

  /** The open lots, oldest first. */
  #openLots(): OpenLot[] {
    return this.#lots.slice(this.#head);
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
      this.#openLots().map((l) =>
        Object.freeze({ qty: publish(l.qty), price: publish(l.price), fee: publish(l.fee), cost: publish(costOf(l)) }),
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
      lots: this.#openLots().map(lotToDict),
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
      position.#openCost = add(position.#openCost, costOf(lot));
      position.#openFee = add(position.#openFee, lot.fee);
    }
    position.#realized.add(state.realized, 1);
    position.#closedCost.add(state.closedCost, 1);
    return position;
  }
}
