import { Trade } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { FillReplay } from "./fill-replay.js";

const fill = (n: number, side: "buy" | "sell", volume: string, price: string, fee: string) =>
  Trade.create({ exTradeId: `t${n}`, exId: 1, symbol: "BTC/USDT", side, volume, price, fee, time: Date.UTC(2024, 0, 1, 0, n) });

describe("FillReplay", () => {
  it("the worked example of DESIGN.md §5 (FIFO): the sell's roi 391, its entry 67000", () => {
    const replay = new FillReplay();
    replay.add(fill(1, "buy", "0.5", "67000", "10"));
    replay.add(fill(2, "buy", "0.3", "68000", "6"));
    replay.add(fill(3, "sell", "0.2", "69000", "5"));
    expect(replay.closed).toHaveLength(1);
    const [t] = replay.closed;
    expect(t?.pnl.toFixed()).toBe("391");
    expect(t?.entryPrice.toFixed()).toBe("67000");
    expect(t?.volume.toFixed()).toBe("0.2");
    expect(t?.side).toBe("long");
    expect(replay.realized.toFixed()).toBe("391");
    expect(replay.totalPnl(new Map([["BTC/USDT", fill(9, "buy", "1", "69500", "0").price]])).toFixed()).toBe("1579");
    expect(replay.fees.get("BTC/USDT")?.toFixed()).toBe("21");
    expect(replay.marks.map((m) => m.opening)).toEqual([true, true, false]);
  });

  it("names a stored fill whose stored result is not what the replay computes", () => {
    const replay = new FillReplay();
    const buy = fill(1, "buy", "1", "100", "0");
    replay.add(
      buy.withResult({
        roi: "0",
        roiPct: "0",
        closedVolume: "0",
        totalFee: "0",
        curVolume: "1",
        curAvgPrice: "100",
        curAvgCost: "100",
        curFee: "0",
      } as never),
    );
    replay.add(
      fill(2, "sell", "1", "110", "0").withResult({
        roi: "9",
        roiPct: "9",
        closedVolume: "1",
        totalFee: "0",
        curVolume: "0",
        curAvgPrice: "0",
        curAvgCost: "0",
        curFee: "0",
      } as never),
    );
    expect(replay.mismatches).toEqual([{ exTradeId: "t2", field: "roi", stored: "9", replayed: "10" }]);
  });
});
