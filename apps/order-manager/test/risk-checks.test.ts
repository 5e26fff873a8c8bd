import { Decimal, Order } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { RiskChecks, type RiskInputs } from "../src/index.js";
import { riskLimits } from "./support/world.js";

const now = new Date("2024-03-01T12:00:00Z");
const inputs = (over: Partial<RiskInputs> = {}): RiskInputs => ({
  now,
  killSwitch: { state: "active", reason: null, triggeredBy: null, since: null },
  symbol: { minLot: new Decimal("0.0001") },
  ticker: { last: new Decimal(50000), exchangeTime: now },
  maxTickerAgeMs: 60_000,
  positionVolume: new Decimal(0),
  positionAvgPrice: new Decimal(0),
  otherOpenPositions: 0,
  equity: new Decimal(100000),
  dailyPnl: new Decimal(0),
  drawdownPct: new Decimal(0),
  ...over,
});
const order = (over: Record<string, unknown> = {}) =>
  Order.create({
    exchange: "paper",
    symbol: "BTC/USDT",
    orderType: "market",
    side: "buy",
    volume: "0.01",
    price: "50000",
    botId: 1,
    exId: 1,
    ...over,
  });
const checks = new RiskChecks(riskLimits({ maxPositionSize: new Decimal(20000) }));
const reasons = (o: Order, i: RiskInputs) => checks.check(o, i).reasons.join(" | ");

describe("RiskChecks", () => {
  it("passes an ordinary order", () => expect(checks.check(order(), inputs()).reasons).toEqual([]));

  it.each([
    [
      "halted kill switch",
      order(),
      inputs({ killSwitch: { state: "halted", reason: "drill", triggeredBy: "t", since: now } }),
      /kill switch is halted \(drill\)/,
    ],
    [
      "reducing_only and a growing order",
      order(),
      inputs({ killSwitch: { state: "reducing_only", reason: "r", triggeredBy: "t", since: now } }),
      /reducing_only/,
    ],
    ["unknown symbol", order(), inputs({ symbol: null }), /unknown symbol BTC\/USDT on paper/],
    ["below the minimum lot", order({ volume: "0.00001" }), inputs(), /below the minimum lot 0.0001/],
    ["missing ticker", order(), inputs({ ticker: null }), /no ticker for BTC\/USDT/],
    [
      "stale ticker",
      order(),
      inputs({ ticker: { last: new Decimal(50000), exchangeTime: new Date(now.getTime() - 120_000) } }),
      /stale \(120 s old/,
    ],
    ["price far from the ticker", order({ orderType: "limit", price: "60000" }), inputs(), /20 % from the market 50000/],
    [
      "risk per trade (stop loss)",
      order({ volume: "1", stopLoss: "40000" }),
      inputs(),
      /risk 10000 to the stop loss exceeds max risk per trade 2 %/,
    ],
    ["risk per trade (no stop)", order({ volume: "1" }), inputs(), /no stop loss: 5 % of the notional/],
    ["max daily loss", order(), inputs({ dailyPnl: new Decimal(-7000) }), /today's loss 7000 reached max daily loss 6 %/],
    ["max drawdown", order(), inputs({ drawdownPct: new Decimal(16) }), /drawdown 16 % from peak reached max drawdown 15 %/],
    ["max open positions", order(), inputs({ otherOpenPositions: 5 }), /5 positions are open: max open positions is 5/],
    ["min risk/reward", order({ stopLoss: "49000", takeProfit: "50500" }), inputs(), /risk\/reward 0.5 is below the minimum 2/],
    [
      "max position size",
      order({ volume: "0.01" }),
      inputs({ positionVolume: new Decimal("0.4"), positionAvgPrice: new Decimal(50000) }),
      /position size 20500 after the order exceeds max position size 20000/,
    ],
    [
      "max position loss",
      order(),
      inputs({ positionVolume: new Decimal("0.2"), positionAvgPrice: new Decimal(80000) }),
      /losing 6000, more than max position loss 5 %/,
    ],
  ])("refuses on %s, naming the reason", (_name, o, i, pattern) => {
    expect(reasons(o, i)).toMatch(pattern);
  });

  it("names every failing reason, the kill switch first", () => {
    const r = checks.check(
      order({ volume: "1" }),
      inputs({
        killSwitch: { state: "halted", reason: "x", triggeredBy: "t", since: now },
        otherOpenPositions: 9,
        drawdownPct: new Decimal(20),
      }),
    ).reasons;
    expect(r[0]).toMatch(/kill switch/);
    expect(r.length).toBeGreaterThanOrEqual(4);
  });

  it("lets an order that shrinks a position through reducing_only and the new-risk limits", () => {
    const shrinking = order({ side: "sell", volume: "0.1" });
    const i = inputs({
      killSwitch: { state: "reducing_only", reason: "r", triggeredBy: "t", since: now },
      positionVolume: new Decimal("0.2"),
      positionAvgPrice: new Decimal(80000),
      drawdownPct: new Decimal(30),
    });
    expect(checks.check(shrinking, i)).toEqual({ reasons: [], reduces: true });
    expect(checks.check(order({ side: "sell", volume: "0.3" }), i).reduces).toBe(false);
  });

  it("passes what each limit allows at its edge", () => {
    expect(reasons(order({ stopLoss: "49000", takeProfit: "52000" }), inputs())).toBe("");
    expect(reasons(order({ orderType: "limit", price: "55000" }), inputs())).toBe("");
    expect(
      reasons(order(), inputs({ otherOpenPositions: 4, dailyPnl: new Decimal(-5000), drawdownPct: new Decimal("14.9") })),
    ).toBe("");
  });
});
