import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { Position } from "./position.js";
import type { TradeResult } from "./trade-result.js";

const s = (d: Decimal): string => d.toFixed();
// Per-trade figures carry every exact digit of their fee shares; summing them must not round.
const Exact = Decimal.clone({ precision: 1e9 });
const plain = (r: TradeResult): Record<string, string> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, s(v)]));

function workedExample(method: "fifo" | "average") {
  const p = new Position({ symbol: "BTC/USDT", exId: 1, method });
  p.addTrade({ volume: "0.5", price: "67000", fee: "10" });
  p.addTrade({ volume: 0.3, price: 68000, fee: 6 });
  const sell = p.addTrade({ volume: "-0.2", price: "69000", fee: "5" });
  return { p, sell };
}

describe("Position — the worked example of DESIGN.md §5", () => {
  it("fifo: the sell closes 0.2 of the first lot", () => {
    const { p, sell } = workedExample("fifo");
    expect(s(sell.roi)).toBe("391");
    // 391 / 13400 * 100, to 40 significant digits (the 28 DESIGN.md §4 asks for are a prefix)
    expect(s(sell.roiPct)).toBe("2.91791044776119402985074626865671641791");
    expect(s(sell.totalFee)).toBe("9");
    expect(s(sell.curVolume)).toBe("0.6");
    expect(s(sell.curAvgPrice)).toBe("67500");
    expect(s(sell.curAvgCost)).toBe("40500");
    expect(s(sell.curFee)).toBe("12");
    expect(s(p.volume)).toBe("0.6");
    expect(s(p.avgPrice)).toBe("67500");
    expect(p.lots.map((l) => [s(l.qty), s(l.price), s(l.fee)])).toEqual([
      ["0.3", "67000", "6"],
      ["0.3", "68000", "6"],
    ]);
    const pnl = p.calculatePnl("69500");
    expect(s(pnl.unrealizedPnl)).toBe("1188");
    expect(s(pnl.realizedPnl)).toBe("391");
    expect(s(pnl.totalPnl)).toBe("1579");
    expect(s(pnl.pnlPercentage)).toBe("2.929499072356215213358070500927643784787");
    expect(s(p.closedCost)).toBe("13400");
    expect(s(p.openCost)).toBe("40500");
  });

  it("average: one merged lot at 67375, the sell's roi is 316 and the total is again 1579", () => {
    const { p, sell } = workedExample("average");
    expect(s(sell.roi)).toBe("316");
    expect(s(sell.roiPct)).toBe("2.345083487940630797773654916512059369202");
    expect(s(sell.curAvgPrice)).toBe("67375");
    expect(p.lots.map((l) => [s(l.qty), s(l.price), s(l.fee)])).toEqual([["0.6", "67375", "12"]]);
    const pnl = p.calculatePnl(69500);
    expect(s(pnl.unrealizedPnl)).toBe("1263");
    expect(s(pnl.realizedPnl)).toBe("316");
    expect(s(pnl.totalPnl)).toBe("1579");
    expect(s(pnl.pnlPercentage)).toBe("2.929499072356215213358070500927643784787");
  });

  it("an opening trade realizes nothing: roi 0, roiPct 0, totalFee 0, its fee carried by the lot", () => {
    const p = new Position({ symbol: "BTC/USDT" });
    expect(plain(p.addTrade({ volume: 2, price: 10, fee: "0.5" }))).toEqual({
      roi: "0",
      roiPct: "0",
      closedVolume: "0",
      totalFee: "0",
      curVolume: "2",
      curAvgPrice: "10",
      curAvgCost: "20",
      curFee: "0.5",
    });
    expect(p.method).toBe("fifo");
    expect(p.isOpen && p.isLong && !p.isShort).toBe(true);
  });
});

describe("Position — shorts and flips through zero", () => {
  it("a short profits when the price falls", () => {
    const p = new Position({ symbol: "ETH/USDT" });
    p.addTrade({ volume: -1, price: 100, fee: 1 });
    expect(p.isShort && !p.isLong).toBe(true);
    const r = p.addTrade({ volume: "0.4", price: 90, fee: "0.4" });
    expect(plain(r)).toMatchObject({
      roi: "3.2",
      roiPct: "8",
      totalFee: "0.8",
      curVolume: "-0.6",
      curAvgPrice: "100",
      curFee: "0.6",
    });
    const pnl = p.calculatePnl(80);
    expect(s(pnl.unrealizedPnl)).toBe("11.4");
    expect(s(pnl.totalPnl)).toBe("14.6");
  });

  it("long to short: the matched part pays its share of the fee, the rest of the fee goes to the new short lot", () => {
    const p = new Position({ symbol: "ETH/USDT" });
    p.addTrade({ volume: 1, price: 100, fee: 2 });
    const flip = p.addTrade({ volume: -3, price: 110, fee: 3 });
    expect(plain(flip)).toMatchObject({ roi: "7", roiPct: "7", totalFee: "3", curVolume: "-2", curAvgPrice: "110", curFee: "2" });
    expect(p.lots.map((l) => [s(l.qty), s(l.price), s(l.fee)])).toEqual([["-2", "110", "2"]]);
    const back = p.addTrade({ volume: 2, price: 105, fee: 1 });
    expect(s(back.roi)).toBe("7");
    expect(p.isOpen).toBe(false);
    expect(s(p.realizedPnl)).toBe("14");
  });

  it("short to long under both methods", () => {
    for (const method of ["fifo", "average"] as const) {
      const p = new Position({ symbol: "ETH/USDT", method });
      p.addTrade({ volume: -2, price: 50, fee: 1 });
      const flip = p.addTrade({ volume: 5, price: 40, fee: "0.5" });
      expect(s(flip.roi)).toBe("18.8");
      expect(s(flip.curVolume)).toBe("3");
      expect(p.lots.map((l) => [s(l.qty), s(l.price), s(l.fee)])).toEqual([["3", "40", "0.3"]]);
    }
  });

  it("a fee that does not divide evenly is still conserved exactly across the flip", () => {
    const p = new Position({ symbol: "ETH/USDT" });
    p.addTrade({ volume: 1, price: 100 });
    const flip = p.addTrade({ volume: -3, price: 100, fee: 1 });
    const carried = p.lots[0]!.fee;
    expect(s(flip.totalFee)).toBe("0.3333333333333333333333333333333333333333");
    expect(s(carried)).toBe("0.6666666666666666666666666666666666666667");
    expect(s(flip.totalFee.plus(carried))).toBe("1");
  });
});

describe("Position — partial closes, rebates, closing to exactly zero", () => {
  it("one sell closes two lots whole and part of a third", () => {
    const p = new Position({ symbol: "SOL/USDT" });
    p.addTrade({ volume: 1, price: 100, fee: 1 });
    p.addTrade({ volume: 2, price: 110, fee: 2 });
    p.addTrade({ volume: 3, price: 120, fee: 3 });
    const r = p.addTrade({ volume: "-4.5", price: 130, fee: 9 });
    // lot 1: 30 - 1 - 2; lot 2: 40 - 2 - 4; lot 3 (1.5 of 3): 15 - 1.5 - the rest of the exit fee, 3
    expect(plain(r)).toMatchObject({
      roi: "71.5",
      roiPct: "14.3",
      totalFee: "13.5",
      curVolume: "1.5",
      curAvgPrice: "120",
      curFee: "1.5",
    });
    expect(s(p.closedCost)).toBe("500");
    expect(p.lots.map((l) => [s(l.qty), s(l.price), s(l.fee), s(l.cost)])).toEqual([["1.5", "120", "1.5", "180"]]);
  });

  it("rebates (negative fees) add to the PnL", () => {
    const p = new Position({ symbol: "BTC/USDT" });
    p.addTrade({ volume: 1, price: 100, fee: "-0.1" });
    const r = p.addTrade({ volume: -1, price: 101, fee: "-0.05" });
    expect(s(r.roi)).toBe("1.15");
    expect(s(r.totalFee)).toBe("-0.15");
    expect(p.isOpen).toBe(false);
  });

  it("thirty sells of 0.1 close 3 exactly: volume 0, no lots, no fee left", () => {
    for (const method of ["fifo", "average"] as const) {
      const p = new Position({ symbol: "BTC/USDT", method });
      p.addTrade({ volume: 3, price: 100, fee: 1 });
      let realized = new Exact(0);
      for (let i = 0; i < 30; i++) realized = realized.plus(p.addTrade({ volume: -0.1, price: 100 + i, fee: "0.01" }).roi);
      expect(p.volume.isZero()).toBe(true);
      expect(p.isOpen || p.isLong || p.isShort).toBe(false);
      expect(p.lots).toEqual([]);
      expect(s(p.openFee)).toBe("0");
      expect(s(p.avgPrice)).toBe("0");
      // sum of 0.1 * i for i < 30 is 43.5; fees 1 + 30 * 0.01
      expect(s(p.realizedPnl)).toBe("42.2");
      expect(s(realized)).toBe("42.2");
      expect(s(p.calculatePnl(1).unrealizedPnl)).toBe("0");
    }
  });

  it("closing lots whole one by one, past the point where the lot list is compacted, keeps every lot in order", () => {
    const p = new Position({ symbol: "BTC/USDT" });
    for (let i = 1; i <= 80; i++) p.addTrade({ volume: 1, price: 100 + i, fee: "0.1" });
    let realized = new Exact(0);
    for (let k = 1; k <= 70; k++) {
      // each sell takes the oldest lot whole: 200 - (100 + k), less its entry fee
      const r = p.addTrade({ volume: -1, price: 200, fee: 0 });
      expect(s(r.roi)).toBe(new Exact(99.9).minus(k).toFixed());
      realized = realized.plus(r.roi);
      expect(p.lots).toHaveLength(80 - k);
      expect(s(p.lots[0]!.price)).toBe(String(101 + k));
      if (k % 10 === 0) {
        // the dict holds just the open lots, and a position rebuilt from it is the same
        const again = Position.fromDict(JSON.parse(JSON.stringify(p.toDict())));
        expect(again.toDict()).toEqual(p.toDict());
        expect(p.toDict().lots.map((l) => l.price)).toEqual(p.lots.map((l) => s(l.price)));
      }
    }
    p.addTrade({ volume: 2, price: 300, fee: 0 });
    expect(p.lots.map((l) => s(l.price))).toEqual([...Array.from({ length: 10 }, (_, i) => String(171 + i)), "300"]);
    // 70 lots at 101..170 closed at 200 with 0.1 each: 70 x 200 - (101 + ... + 170) - 7
    expect(s(p.realizedPnl)).toBe("4508");
    expect(s(realized)).toBe("4508");
    // the rest closes in one sell, then the position is flat and opens again from an empty list
    const last = p.addTrade({ volume: -12, price: 200, fee: 0 });
    expect(s(last.curVolume)).toBe("0");
    expect(p.lots).toEqual([]);
    p.addTrade({ volume: -1, price: 50, fee: 0 });
    expect(p.lots.map((l) => s(l.qty))).toEqual(["-1"]);
  });

  it("pnlPercentage is 0 before anything opened", () => {
    const pnl = new Position({ symbol: "BTC/USDT" }).calculatePnl(100);
    expect([pnl.unrealizedPnl, pnl.realizedPnl, pnl.totalPnl, pnl.pnlPercentage].map(s)).toEqual(["0", "0", "0", "0"]);
  });
});

describe("Position — validation and dicts", () => {
  const p = () => new Position({ symbol: "BTC/USDT" });
  it.each([
    [{ volume: 0, price: 1 }, "volume"],
    [{ volume: "abc", price: 1 }, "volume"],
    [{ volume: 1, price: 0 }, "price"],
    [{ volume: 1, price: -5 }, "price"],
    [{ volume: 1, price: Number.NaN }, "price"],
    [{ volume: 1, price: 1, fee: "1,5" }, "fee"],
  ])("addTrade(%j) throws a ValidationError naming %s", (trade, field) => {
    const err = (() => {
      try {
        p().addTrade(trade);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
    expect((err as ValidationError).message).toContain(field);
  });

  it("reads a Decimal of another decimal.js configuration by its value, and rejects a look-alike object", () => {
    const Other = Decimal.clone({ precision: 5 });
    const r = p().addTrade({ volume: new Other("0.123456789"), price: new Other("67000.123456"), fee: new Other("-0.5") });
    expect([s(r.curVolume), s(r.curAvgCost), s(r.curFee)]).toEqual(["0.123456789", "8271.620104481342784", "-0.5"]);
    const lookAlike = { s: 1, e: 0, d: [1] } as unknown as Decimal;
    expect(() => p().addTrade({ volume: lookAlike, price: 1 })).toThrow(ValidationError);
  });

  it("rejects a bad symbol, method or mark", () => {
    expect(() => new Position({ symbol: "" })).toThrow(/symbol/);
    expect(() => new Position({ symbol: "X", method: "lifo" as "fifo" })).toThrow(/method must be one of fifo, average/);
    expect(() => p().calculatePnl(0)).toThrow(/mark/);
  });

  it("round-trips through JSON and rejects unknown keys, mixed signs and a split average", () => {
    const { p: pos } = workedExample("fifo");
    const dict = JSON.parse(JSON.stringify(pos.toDict()));
    expect(Position.fromDict(dict).toDict()).toEqual(pos.toDict());
    expect(() => Position.fromDict({ ...dict, amount: "1" })).toThrow(/amount/);
    expect(() => Position.fromDict({ ...dict, lots: [dict.lots[0], { ...dict.lots[1], qty: "-0.3" }] })).toThrow(
      /lots\[1\]\.qty/,
    );
    expect(() => Position.fromDict({ ...dict, method: "average" })).toThrow(/at most 1 lot/);
    expect(() => Position.fromDict({ ...dict, lots: [{ ...dict.lots[0], price: "0" }] })).toThrow(/lots\[0\]\.price/);
  });

  it("keeps a partly closed lot's base in its dict, checks it, and reads dicts written without one", () => {
    const p = new Position({ symbol: "BTC/USDT" });
    p.addTrade({ volume: "0.12", price: "67000", fee: "0.6928" });
    p.addTrade({ volume: "-0.02", price: "67100" });
    const dict = JSON.parse(JSON.stringify(p.toDict()));
    expect(dict.lots[0]).toMatchObject({ qty: "0.1", baseQty: "0.12", baseFee: "0.6928" });
    expect(dict.lots[0].baseCost).toBeUndefined(); // a fifo lot's cost is |qty| x price
    const restored = Position.fromDict(dict);
    expect(restored.addTrade({ volume: "-0.01", price: "67200" }).curFee.toFixed()).toBe("0.5196");
    const lot = dict.lots[0];
    expect(() => Position.fromDict({ ...dict, lots: [{ ...lot, baseFee: undefined }] })).toThrow(/lots\[0\]\.baseQty/);
    expect(() => Position.fromDict({ ...dict, lots: [{ ...lot, baseQty: "0.05" }] })).toThrow(/lots\[0\]\.baseQty.*at least/);
    expect(() => Position.fromDict({ ...dict, lots: [{ ...lot, baseQty: "-0.12" }] })).toThrow(/lots\[0\]\.baseQty/);
    // an average lot as dicts stored it before bases existed: its state is its base from then on
    const legacy = {
      symbol: "BTC/USDT",
      exId: null,
      method: "average" as const,
      lots: [{ qty: "3", price: "1.666666666666666666666666666666666666667", cost: "5", fee: "0.3" }],
      realizedPnl: "0",
      closedCost: "0",
    };
    const r = Position.fromDict(legacy).addTrade({ volume: "-1.5", price: "3" });
    expect([r.curAvgCost.toFixed(), r.curFee.toFixed(), r.roi.toFixed()]).toEqual(["2.5", "0.15", "1.85"]);
  });
});
