import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import { Position } from "./position.js";
import { tradeResultToDict } from "./trade-result.js";

// DESIGN.md §5 read literally, in plain decimal.js: unbounded precision for sums, differences and
// products (so they are exact), and Decimal's own 40-digit half-even division. What remains of a
// lot after a partial close (its fee, an average lot's cost) is its base share for the quantity
// still open, divided once (issue 16); a share closed is the difference. The engine is hand-tuned
// arithmetic; this is what it must equal, digit for digit, on every trade.
const X = Decimal.clone({ precision: 1e9 });
type D = InstanceType<typeof X>;
const div = (a: D, b: D): D => new X(Decimal.div(a.toFixed(), b.toFixed()).toFixed());
const ZERO = new X(0);

interface RefLot {
  qty: D;
  price: D;
  cost: D;
  fee: D;
  // what the remaining fee and cost are stated by: the opening trade, or the lot after a merge
  baseQty: D;
  baseFee: D;
  baseCost: D | null;
}

class Reference {
  lots: RefLot[] = [];
  volume = ZERO;
  openCost = ZERO;
  openFee = ZERO;
  realized = ZERO;
  closedCost = ZERO;
  constructor(readonly method: "fifo" | "average") {}

  add(volume: string, price: string, fee: string): Record<string, string> {
    const v = new X(volume);
    const p = new X(price);
    const f = new X(fee);
    let roi = ZERO;
    let closed = ZERO;
    let fees = ZERO;
    let matched = ZERO; // the closed volume: how much of the trade went against the position
    if (this.volume.isZero() || this.volume.isNeg() === v.isNeg()) this.open(v, p, f);
    else {
      const size = v.abs();
      const flips = size.gt(this.volume.abs());
      let left = size;
      while (!left.isZero() && this.lots.length > 0) {
        const lot = this.lots[0]!;
        const lotSize = lot.qty.abs();
        const whole = left.gte(lotSize);
        const m = whole ? lotSize : left;
        const rest = lotSize.minus(m);
        // what remains: the base's share for the quantity still open, one division
        const cost = whole ? ZERO : lot.baseCost === null ? rest.times(lot.price) : div(lot.baseCost.times(rest), lot.baseQty);
        const fee = whole || lot.baseFee.isZero() ? ZERO : div(lot.baseFee.times(rest), lot.baseQty);
        const costShare = lot.cost.minus(cost);
        const entry = lot.fee.minus(fee);
        left = left.minus(m);
        roi = roi
          .plus(
            m
              .times(p)
              .minus(costShare)
              .times(lot.qty.isNeg() ? -1 : 1),
          )
          .minus(entry);
        closed = closed.plus(costShare);
        fees = fees.plus(entry);
        this.openCost = this.openCost.minus(costShare);
        this.openFee = this.openFee.minus(entry);
        if (whole) this.lots.shift();
        else {
          lot.qty = lot.qty.isNeg() ? rest.neg() : rest;
          lot.cost = cost;
          lot.fee = fee;
        }
      }
      matched = size.minus(left);
      // the exit fee: the whole fee, or for a flip the fee less the rest's share (one division)
      const restFee = flips && !f.isZero() ? div(f.times(left), size) : ZERO;
      const exit = f.minus(restFee);
      roi = roi.minus(exit);
      fees = fees.plus(exit);
      this.realized = this.realized.plus(roi);
      this.closedCost = this.closedCost.plus(closed);
      // a flip: the rest opens a lot the other way, its fee's base the whole trade
      if (!left.isZero()) this.open(v.isNeg() ? left.neg() : left, p, restFee, size, f);
    }
    this.volume = this.volume.plus(v);
    const text = (d: D) => new Decimal(d.toFixed()).toFixed();
    return {
      roi: text(roi),
      roiPct: text(closed.isZero() ? ZERO : div(roi.times(100), closed)),
      closedVolume: text(matched),
      totalFee: text(fees),
      curVolume: text(this.volume),
      curAvgPrice: text(this.volume.isZero() ? ZERO : div(this.openCost, this.volume.abs())),
      curAvgCost: text(this.openCost),
      curFee: text(this.openFee),
    };
  }

  open(v: D, p: D, f: D, baseQty = v.abs(), baseFee = f): void {
    const cost = v.abs().times(p);
    this.openCost = this.openCost.plus(cost);
    this.openFee = this.openFee.plus(f);
    const lot = this.lots[0];
    if (this.method === "fifo" || lot === undefined) {
      this.lots.push({ qty: v, price: p, cost, fee: f, baseQty, baseFee, baseCost: null });
      return;
    }
    lot.qty = lot.qty.plus(v);
    lot.cost = lot.cost.plus(cost);
    lot.fee = lot.fee.plus(f);
    lot.price = div(lot.cost, lot.qty.abs());
    lot.baseQty = lot.qty.abs();
    lot.baseFee = lot.fee;
    lot.baseCost = lot.cost;
  }
}

// Exchange-shaped fills of very different magnitudes, so words, scales and every division path
// (one word per step, pieces of a word, Decimal's own division for wide divisors) all occur.
const decimalOf = (n: bigint, scale: number): string => new Decimal(`${n}e-${scale}`).toFixed();
const volume = fc
  .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 10 }))
  .filter(([n]) => n !== 0n)
  .map(([n, s]) => decimalOf(n, s));
const price = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 13n }), fc.integer({ min: 0, max: 12 })).map(([n, s]) => decimalOf(n, s));
const fee = fc
  .tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 11n }), fc.integer({ min: 0, max: 12 }))
  .map(([n, s]) => decimalOf(n, s));
const trades = fc.array(fc.record({ volume, price, fee }), { minLength: 1, maxLength: 60 });

describe("Position — digit for digit against a plain decimal.js reading of DESIGN.md §5", () => {
  it("every trade's result, the open lots and the realized PnL match under both methods", () => {
    fc.assert(
      fc.property(trades, fc.constantFrom("fifo" as const, "average" as const), (ts, method) => {
        const p = new Position({ symbol: "BTC/USDT", method });
        const ref = new Reference(method);
        const ours = ts.map((t) => tradeResultToDict(p.addTrade(t)));
        const theirs = ts.map((t) => ref.add(t.volume, t.price, t.fee));
        // compared as JSON text: a structural diff of long arrays makes shrinking crawl
        expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
        const lots = ref.lots.map((l) => [l.qty, l.price, l.cost, l.fee].map((d) => new Decimal(d.toFixed()).toFixed()));
        expect(JSON.stringify(p.lots.map((l) => [l.qty, l.price, l.cost, l.fee].map((d) => d.toFixed())))).toBe(
          JSON.stringify(lots),
        );
        expect(p.realizedPnl.toFixed()).toBe(new Decimal(ref.realized.toFixed()).toFixed());
        expect(p.closedCost.toFixed()).toBe(new Decimal(ref.closedCost.toFixed()).toFixed());
      }),
      { numRuns: 400 },
    );
  });
});
