import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import { Position, type PositionTrade } from "./position.js";
import { type TradeResult, tradeResultToDict } from "./trade-result.js";

// Sums in these checks must not round: per-trade figures carry every digit of their fee shares.
const Exact = Decimal.clone({ precision: 1e9 });
const sum = (values: Iterable<Decimal>): Decimal => {
  let total = new Exact(0);
  for (const v of values) total = total.plus(v);
  return total;
};

// Volumes with up to 8 decimals, prices with up to 2, fees with up to 4 (negative = rebate):
// the shapes exchanges send, and enough to make fee shares and average prices non-terminating.
const volume = fc
  .integer({ min: -300_000_000, max: 300_000_000 })
  .filter((n) => n !== 0)
  .map((n) => new Decimal(n).div(1e8).toFixed());
const price = fc.integer({ min: 1, max: 10_000_000 }).map((n) => new Decimal(n).div(100).toFixed());
const fee = fc.integer({ min: -20_000, max: 100_000 }).map((n) => new Decimal(n).div(10_000).toFixed());
const trade = fc.record({ volume, price, fee });
// Some runs close exactly: a trade that brings the position back to zero.
const trades = fc.array(trade, { minLength: 1, maxLength: 40 }).chain((ts) =>
  fc.boolean().map((closeOut) => {
    if (!closeOut) return ts;
    const open = sum(ts.map((t) => new Decimal(t.volume)));
    return open.isZero() ? ts : [...ts, { volume: open.neg().toFixed(), price: ts[0]!.price, fee: "0.01" }];
  }),
);
const method = fc.constantFrom("fifo" as const, "average" as const);
const runs = { numRuns: 300 };

function replay(m: "fifo" | "average", ts: readonly PositionTrade[]): { p: Position; results: TradeResult[] } {
  const p = new Position({ symbol: "BTC/USDT", method: m });
  return { p, results: ts.map((t) => p.addTrade(t)) };
}

const pnlStrings = (p: Position, mark: string) => Object.values(p.calculatePnl(mark)).map((d: Decimal) => d.toFixed());

describe("Position — accounting invariants (fast-check)", () => {
  it("fees are conserved exactly: every fee paid sits in a trade's realized fee shares or in an open lot", () => {
    fc.assert(
      fc.property(trades, method, (ts, m) => {
        const { p, results } = replay(m, ts);
        const paid = sum(ts.map((t) => new Decimal(t.fee)));
        const realized = sum(results.map((r) => r.totalFee));
        const open = sum(p.lots.map((l) => l.fee));
        expect(realized.plus(open).eq(paid)).toBe(true);
        expect(open.eq(p.openFee)).toBe(true);
        expect(sum(results.map((r) => r.roi)).eq(p.realizedPnl)).toBe(true);
      }),
      runs,
    );
  });

  it("total PnL is the cash flow: -sum(volume x price) + volume x mark - fees, exactly, under both methods", () => {
    fc.assert(
      fc.property(trades, method, price, (ts, m, mark) => {
        const { p } = replay(m, ts);
        const cash = sum(ts.map((t) => new Exact(t.volume).times(t.price).neg()));
        const fees = sum(ts.map((t) => new Decimal(t.fee)));
        const expected = cash.plus(p.volume.times(mark)).minus(fees);
        expect(p.calculatePnl(mark).totalPnl.eq(expected)).toBe(true);
        expect(p.volume.eq(sum(ts.map((t) => new Decimal(t.volume))))).toBe(true);
      }),
      runs,
    );
  });

  it("fifo and average give the same total PnL, percentage, volume, open and closed cost", () => {
    fc.assert(
      fc.property(trades, price, (ts, mark) => {
        const fifo = replay("fifo", ts).p;
        const average = replay("average", ts).p;
        expect(fifo.calculatePnl(mark).totalPnl.toFixed()).toBe(average.calculatePnl(mark).totalPnl.toFixed());
        expect(fifo.calculatePnl(mark).pnlPercentage.toFixed()).toBe(average.calculatePnl(mark).pnlPercentage.toFixed());
        expect([fifo.volume, fifo.openCost.plus(fifo.closedCost), fifo.isOpen]).toEqual([
          average.volume,
          average.openCost.plus(average.closedCost),
          average.isOpen,
        ]);
      }),
      runs,
    );
  });

  it("fromDict(toDict(p)) continues exactly like p, for any split of the trades", () => {
    fc.assert(
      fc.property(trades, method, fc.nat(), price, (ts, m, cut, mark) => {
        const at = cut % (ts.length + 1);
        const { p, results } = replay(m, ts);
        const before = replay(m, ts.slice(0, at)).p;
        const restored = Position.fromDict(JSON.parse(JSON.stringify(before.toDict())));
        const after = ts.slice(at).map((t) => restored.addTrade(t));
        // Compared as JSON text: a structural diff of big arrays makes fast-check's shrinking crawl.
        const json = (rs: TradeResult[], q: Position) =>
          JSON.stringify([rs.map(tradeResultToDict), q.toDict(), pnlStrings(q, mark)]);
        expect(json(after, restored)).toBe(json(results.slice(at), p));
      }),
      runs,
    );
  });

  it("lots all carry the position's sign and add up to its volume and open cost", () => {
    fc.assert(
      fc.property(trades, method, (ts, m) => {
        const { p } = replay(m, ts);
        for (const lot of p.lots) expect(lot.qty.isNeg()).toBe(p.isShort);
        expect(sum(p.lots.map((l) => l.qty)).eq(p.volume)).toBe(true);
        expect(sum(p.lots.map((l) => l.cost)).eq(p.openCost)).toBe(true);
        if (m === "average") expect(p.lots.length).toBeLessThanOrEqual(1);
      }),
      runs,
    );
  });
});
