import { describe, expect, it } from "vitest";
import { Candle } from "./candle.js";
import { Decimal, toAmount, toDecimal, toNonNegativeAmount, toPositiveAmount } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { Order } from "./order.js";
import { Position } from "./position.js";
import { Trade } from "./trade.js";

// DESIGN.md §4 terms: an amount (price, volume, fee, balance) has at most 40 significant digits
// and, unless it is 0, a magnitude from 10^-30 to below 10^30. Anything else is a ValidationError
// naming the field, before it reaches any arithmetic, database or cache.
const Unbounded = Decimal.clone({ precision: 1e9 });

const refused = (fn: () => unknown, field: string): ValidationError => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  expect((caught as ValidationError).field).toBe(field);
  expect((caught as ValidationError).message).toMatch(new RegExp(`^${field} `));
  return caught as ValidationError;
};

const DIGITS_40 = "1234567890123456789012345678901234567891";
const BIG = "1234567890123456789012345678.901234567890"; // 40 digits, 10^27
const LARGEST = `${"9".repeat(30)}.${"9".repeat(10)}`; // 40 digits, just below 10^30
const SMALLEST = "1e-30";

describe("toDecimal: no input string can exhaust the process", () => {
  it("refuses exponents that would print megabytes or more, quickly and naming the field", () => {
    const started = Date.now();
    for (const text of ["1e9000000000000000", "1e100000000", "-1e100000000", "1e-100000000", "1e1001"]) {
      const error = refused(() => toDecimal(text, "price"), "price");
      expect(error.message.length).toBeLessThan(400);
    }
    // a Decimal built directly is read by the same rule
    refused(() => toDecimal(new Decimal("1e9000000000000000"), "volume"), "volume");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses a string of millions of digits without echoing it whole", () => {
    const huge = "9".repeat(5_000_000);
    const error = refused(() => toDecimal(huge, "fee"), "fee");
    expect(error.message.length).toBeLessThan(400);
    expect(String(error.value).length).toBeLessThan(200);
  });

  it("still reads the long exact values tradekit itself produces (costs and PnL of up to 1,000 digits)", () => {
    const cost = new Unbounded(DIGITS_40).times(DIGITS_40).div("1e40");
    expect(toDecimal(cost.toFixed(), "cost").toFixed()).toBe(cost.toFixed());
  });
});

describe("amounts: at most 40 significant digits, 10^-30 <= |x| < 10^30", () => {
  it("accepts every amount at the edges of the range exactly as given", () => {
    for (const text of [LARGEST, `-${LARGEST}`, SMALLEST, "-1e-30", `0.${"0".repeat(29)}${DIGITS_40}`, "0", BIG]) {
      expect(toAmount(text, "price").eq(text)).toBe(true);
    }
    expect(toAmount(`0.${"0".repeat(29)}${DIGITS_40}`, "price").toFixed()).toBe(`0.${"0".repeat(29)}${DIGITS_40}`);
  });

  it("refuses 41 significant digits, 10^30 and more, and non-zero magnitudes below 10^-30, naming the field", () => {
    refused(() => toAmount(`${DIGITS_40}1`, "volume"), "volume");
    refused(() => toAmount(`0.${DIGITS_40}1`, "volume"), "volume");
    refused(() => toAmount("1e30", "price"), "price");
    refused(() => toAmount(-1e30, "price"), "price");
    refused(() => toAmount("9.99e-31", "fee"), "fee");
    refused(() => toPositiveAmount(new Decimal(`${DIGITS_40}1`), "price"), "price");
    refused(() => toNonNegativeAmount("1e31", "free"), "free");
    // the message says what the range is
    expect(() => toAmount("1e30", "price")).toThrow(/at most 40 significant digits/);
  });

  it("guards every door of the domain: Position, Trade, Order and Candle", () => {
    const p = new Position({ symbol: "BTC/USDT" });
    refused(() => p.addTrade({ volume: "1", price: "1e9000000000000000" }), "price");
    refused(() => p.addTrade({ volume: new Decimal("1e100000000"), price: "1" }), "volume");
    refused(() => p.addTrade({ volume: "1", price: "1", fee: `${DIGITS_40}1` }), "fee");
    refused(() => p.calculatePnl("1e40"), "mark");
    expect(p.isOpen).toBe(false);
    const fill = { symbol: "BTC/USDT", side: "buy", volume: "1", price: "67000", time: new Date(0), exId: 1, exTradeId: "t1" };
    refused(() => Trade.create({ ...fill, price: "1e100000000" } as never), "price");
    refused(() => Trade.create({ ...fill, fee: "1e-9000000000000000" } as never), "fee");
    const order = {
      exchange: "paper",
      symbol: "BTC/USDT",
      orderType: "limit",
      side: "buy",
      volume: "1",
      price: "67000",
    } as const;
    refused(() => Order.create({ ...order, volume: "1e9000000000000000" }), "volume");
    refused(() => Order.create({ ...order, price: `${DIGITS_40}1` }), "price");
    const candle = { time: 0, open: "1", high: "2", low: "1", close: "1", volume: "1" };
    refused(() => Candle.create({ ...candle, high: "1e100000000" }), "high");
    refused(() => Candle.create({ ...candle, volume: `${DIGITS_40}1` }), "volume");
  });
});

describe("precision at the edges of the range (decimal.ts says what is exact)", () => {
  it("a fill's cost is the exact product of two 40-digit amounts (80 digits), not a 40-digit rounding", () => {
    const volume = `${"9".repeat(20)}.${"9".repeat(20)}`;
    const price = LARGEST;
    const fill = { symbol: "X/Y", side: "buy", volume, price, time: new Date(0), exId: 1, exTradeId: "t1" };
    const trade = Trade.create(fill as never);
    expect(trade.cost.toFixed()).toBe(new Unbounded(volume).times(price).toFixed());
    expect(trade.toDict().cost).toBe(new Unbounded(volume).times(price).toFixed());
  });

  it("the position engine is exact at the edges: PnL of 40-digit prices and volumes to the last digit", () => {
    const p = new Position({ symbol: "X/Y" });
    const v = `${"9".repeat(20)}.${"9".repeat(20)}`;
    p.addTrade({ volume: v, price: SMALLEST, fee: BIG });
    const r = p.addTrade({ volume: `-${v}`, price: LARGEST, fee: "1e-30" });
    const expected = new Unbounded(v).times(new Unbounded(LARGEST).minus(SMALLEST)).minus(BIG).minus("1e-30");
    expect(r.roi.toFixed()).toBe(expected.toFixed());
    expect(p.realizedPnl.toFixed()).toBe(expected.toFixed());
  });

  it("Decimal sums and differences of amounts are exact while the result fits 40 digits, as documented", () => {
    // 20 digits either side of the point: every sum below 10^20 is exact
    const a = new Decimal(`${"9".repeat(19)}.${"9".repeat(20)}`);
    const b = new Decimal(`0.${"0".repeat(19)}1`);
    expect(a.plus(b).toFixed()).toBe(`1${"0".repeat(19)}`);
    expect(a.minus(b).plus(b).eq(a)).toBe(true);
    expect(new Decimal(`1${"0".repeat(18)}.${"0".repeat(19)}1`).plus(1).toFixed()).toBe(`1${"0".repeat(17)}1.${"0".repeat(19)}1`);
    // a result past 40 digits keeps 40 significant digits (rounded half-even), as decimal.ts says
    expect(new Decimal(LARGEST).plus(SMALLEST).eq(LARGEST)).toBe(true);
    expect(Decimal.precision).toBe(40);
  });
});

describe("Position reads Decimal instances by the same range, on its inline path and off it", () => {
  it("accepts 36- to 40-digit and edge-magnitude Decimals exactly, refuses one digit or one power of ten more", () => {
    const p = new Position({ symbol: "X/Y" });
    const inRange = [
      new Decimal(`1.${"1".repeat(39)}`),
      new Decimal("9.99e29"),
      new Decimal("1e-30"),
      new Decimal(`1.${"1".repeat(34)}`),
    ];
    for (const price of inRange) expect(p.addTrade({ volume: "1", price }).curVolume.toFixed()).toMatch(/^\d+$/);
    expect(p.openCost.eq(inRange.reduce((s, d) => s.plus(d), new Unbounded(0)))).toBe(true);
    refused(() => p.addTrade({ volume: "1", price: new Decimal(`1.${"1".repeat(40)}`) }), "price");
    refused(() => p.addTrade({ volume: "1", price: new Decimal("1e30") }), "price");
    refused(() => p.addTrade({ volume: new Decimal("9e-31"), price: "1" }), "volume");
    expect(p.volume.toFixed()).toBe("4");
  });
});
