import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { Position } from "./position.js";
import { Trade } from "./trade.js";
import { toTradeResult, tradeResultToDict } from "./trade-result.js";

const fill = { exId: 1, symbol: "BTC/USDT", fee: "0", time: "2026-01-05T10:00:00Z" } as const;

/** Each fill through a position, as saveTrades does: the trades with their results. */
function account(fills: readonly { side: "buy" | "sell"; volume: string; price: string }[]): Trade[] {
  const p = new Position({ symbol: "BTC/USDT", exId: 1 });
  return fills.map((f, i) => {
    const t = Trade.create({ ...fill, ...f, exTradeId: `t-${i}` });
    return t.withResult(p.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee }));
  });
}

describe("TradeResult.closedVolume", () => {
  it("tells an opening fill (0) from a break-even close (> 0), which both read roi 0 and roiPct 0", () => {
    const [open, close] = account([
      { side: "buy", volume: "0.5", price: "67000" },
      { side: "sell", volume: "0.5", price: "67000" },
    ]);
    for (const t of [open, close]) expect([t?.result?.roi.toFixed(), t?.result?.roiPct.toFixed()]).toEqual(["0", "0"]);
    expect(open?.result?.closedVolume.toFixed()).toBe("0");
    expect(close?.result?.closedVolume.toFixed()).toBe("0.5");
  });

  it("is the unsigned part that went against the position: an add 0, a partial close its volume, a flip the position", () => {
    const trades = account([
      { side: "sell", volume: "0.3", price: "100" }, // opens a short
      { side: "sell", volume: "0.2", price: "101" }, // adds to it
      { side: "buy", volume: "0.1", price: "99" }, // closes part
      { side: "buy", volume: "1.25", price: "98" }, // closes the remaining 0.4 and opens 0.85 long
    ]);
    expect(trades.map((t) => t.result?.closedVolume.toFixed())).toEqual(["0", "0", "0.1", "0.4"]);
    expect(trades[3]?.result?.curVolume.toFixed()).toBe("0.85");
  });

  it("keeps every digit, and survives a Trade's JSON round trip", () => {
    const [, close] = account([
      { side: "buy", volume: "0.123456789012345678", price: "3" },
      { side: "sell", volume: "0.100000000000000001", price: "3" },
    ]);
    const back = Trade.fromDict(JSON.parse(JSON.stringify(close?.toDict())));
    expect(back.result?.closedVolume.toFixed()).toBe("0.100000000000000001");
    expect(tradeResultToDict(back.result!).closedVolume).toBe("0.100000000000000001");
  });

  it("is required when a result is read, named in the error", () => {
    const dict = tradeResultToDict(account([{ side: "buy", volume: "1", price: "2" }])[0]!.result!);
    const { closedVolume: _, ...without } = dict;
    expect(() => toTradeResult(without)).toThrow(ValidationError);
    expect(() => toTradeResult(without)).toThrow(/result\.closedVolume/);
  });
});
