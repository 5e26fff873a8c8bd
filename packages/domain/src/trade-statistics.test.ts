import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { computeTradeStatistics, type TradeStatistics } from "./trade-statistics.js";

const plain = (s: TradeStatistics) =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Decimal ? v.toFixed() : v]));

describe("computeTradeStatistics", () => {
  it("a hand-computed run with a zero-PnL trade and a drawdown", () => {
    // cumulative: 100, 40, 40, 10, 160, 150 -> peak 100 then 160; worst fall 100 -> 10 = 90
    const stats = computeTradeStatistics([
      { pnl: "100", fee: "1" },
      { pnl: "-60", fee: "1.5" },
      { pnl: 0, fee: "0.5" },
      { pnl: "-30" },
      { pnl: "150", fee: "-0.25" },
      { pnl: "-10", fee: null },
    ]);
    expect(plain(stats)).toEqual({
      totalTrades: 6,
      winningTrades: 2,
      losingTrades: 3,
      winRate: "33.33333333333333333333333333333333333333",
      grossProfit: "250",
      grossLoss: "100",
      netPnl: "150",
      totalFees: "2.75",
      averageWin: "125",
      averageLoss: "33.33333333333333333333333333333333333333",
      largestWin: "150",
      largestLoss: "60",
      profitFactor: "2.5",
      expectancy: "25",
      maxDrawdown: "90",
    });
  });

  it("without a loss the profit factor is null and the drawdown 0", () => {
    const stats = computeTradeStatistics([{ pnl: "0.1" }, { pnl: "0.2" }]);
    expect(stats.profitFactor).toBeNull();
    expect(plain(stats)).toMatchObject({
      grossLoss: "0",
      averageLoss: "0",
      largestLoss: "0",
      maxDrawdown: "0",
      netPnl: "0.3",
      winRate: "100",
    });
  });

  it("a loss first counts from the starting peak 0", () => {
    expect(computeTradeStatistics([{ pnl: -5 }, { pnl: 2 }, { pnl: -4 }]).maxDrawdown.toFixed()).toBe("7");
  });

  it("no trades: zeros, never a division by zero", () => {
    expect(plain(computeTradeStatistics([]))).toEqual({
      totalTrades: 0,
      winningTrades: 0,
      losingTrades: 0,
      winRate: "0",
      grossProfit: "0",
      grossLoss: "0",
      netPnl: "0",
      totalFees: "0",
      averageWin: "0",
      averageLoss: "0",
      largestWin: "0",
      largestLoss: "0",
      profitFactor: null,
      expectancy: "0",
      maxDrawdown: "0",
    });
  });

  it("names the bad trade", () => {
    const err = (() => {
      try {
        computeTradeStatistics([{ pnl: 1 }, { pnl: "lots" }]);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err?.field).toBe("trades[1].pnl");
  });

  it("netPnl = grossProfit - grossLoss and the counts add up, for any PnLs (fast-check)", () => {
    const pnl = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => new Decimal(n).div(1000).toFixed());
    fc.assert(
      fc.property(fc.array(pnl, { maxLength: 60 }), (pnls) => {
        const s = computeTradeStatistics(pnls.map((p) => ({ pnl: p })));
        const net = pnls.reduce((acc, p) => acc.plus(p), new Decimal(0));
        expect(s.netPnl.eq(net) && s.grossProfit.minus(s.grossLoss).eq(net)).toBe(true);
        expect(s.winningTrades + s.losingTrades + pnls.filter((p) => new Decimal(p).isZero()).length).toBe(s.totalTrades);
        expect(s.maxDrawdown.isNeg() && !s.maxDrawdown.isZero()).toBe(false);
        if (s.losingTrades > 0) expect(s.maxDrawdown.gte(s.largestLoss)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
