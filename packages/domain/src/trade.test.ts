import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal.js";
import { DryTrade, type DryTradeInput } from "./dry-trade.js";
import { ValidationError } from "./errors.js";
import { Position } from "./position.js";
import { Trade, type TradeInput } from "./trade.js";

const fill: TradeInput = {
  exTradeId: "T-1",
  exOrderId: "O-1",
  exId: 3,
  symbol: "BTC/USDT",
  orderType: "limit",
  side: "sell",
  volume: "0.2",
  price: "69000",
  fee: "5",
  feeCurrency: "USDT",
  time: "2024-03-01T12:00:00Z",
};
const dry: DryTradeInput = {
  botId: 7,
  symbol: "ETH/USDT",
  side: "buy",
  volume: 2,
  price: "3000.5",
  time: 1_709_294_400_000,
  reason: "rsi",
};

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

describe("Trade", () => {
  it("defaults cost to volume x price, leverage to 1, and signs the volume by side", () => {
    const t = Trade.create(fill);
    expect(t.cost.toFixed()).toBe("13800");
    expect(t.leverage.toFixed()).toBe("1");
    expect(t.signedVolume.toFixed()).toBe("-0.2");
    expect(Trade.create({ ...fill, side: "buy" }).signedVolume.toFixed()).toBe("0.2");
    expect(t.time.toISOString()).toBe("2024-03-01T12:00:00.000Z");
    expect(t.result).toBeNull();
    expect(Object.isFrozen(t)).toBe(true);
  });

  it("keeps a cost an inverse contract states, and a negative fee (rebate)", () => {
    const t = Trade.create({ ...fill, volume: "100", price: "50000", cost: "0.002", fee: "-0.0000001" });
    expect(t.cost.toFixed()).toBe("0.002");
    expect(t.fee.toFixed()).toBe("-0.0000001");
  });

  it.each([
    ["volume", { volume: 0 }],
    ["volume", { volume: "-1" }],
    ["price", { price: 0 }],
    ["price", { price: "1e" }],
    ["cost", { cost: "-3" }],
    ["fee", { fee: Number.POSITIVE_INFINITY }],
    ["leverage", { leverage: 0 }],
    ["side", { side: "long" }],
    ["orderType", { orderType: "iceberg" }],
    ["time", { time: "yesterday" }],
    ["time", { time: new Date(Number.NaN) }],
    ["exTradeId", { exTradeId: "" }],
    ["exId", { exId: 1.5 }],
    ["symbol", { symbol: undefined }],
  ])("refuses a bad %s, naming it", (field, change) => {
    const e = errorOf(() => Trade.create({ ...fill, ...change } as TradeInput));
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
  });

  it("carries the Position result and round-trips through JSON", () => {
    const p = new Position({ symbol: "BTC/USDT" });
    p.addTrade({ volume: "0.5", price: "67000", fee: "10" });
    p.addTrade({ volume: "0.3", price: "68000", fee: "6" });
    const t = Trade.create(fill);
    const done = t.withResult(p.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee }));
    expect(done.result?.roi.toFixed()).toBe("391");
    expect(t.result).toBeNull();
    const dict = JSON.parse(JSON.stringify(done.toDict()));
    expect(dict.result.roiPct).toBe("2.91791044776119402985074626865671641791");
    const back = Trade.fromDict(dict);
    expect(back.toDict()).toEqual(done.toDict());
    expect(back.result?.curAvgPrice).toBeInstanceOf(Decimal);
  });

  it("fromDict refuses unknown keys by name and says amount is volume", () => {
    const dict = Trade.create(fill).toDict() as unknown as Record<string, unknown>;
    const e = errorOf(() => Trade.fromDict({ ...dict, amount: "1" }));
    expect(e.field).toBe("amount");
    expect(e.message).toContain('"amount" (use "volume")');
    expect(errorOf(() => Trade.fromDict({ ...dict, botId: 1 })).field).toBe("botId");
    expect(errorOf(() => Trade.fromDict({ ...dict, result: { roi: "1" } })).field).toBe("result.roiPct");
  });
});

describe("DryTrade", () => {
  it("has the Trade fields plus botId, reason and closingTrade (default false)", () => {
    const t = DryTrade.create(dry);
    expect([t.botId, t.reason, t.closingTrade, t.exTradeId, t.exId]).toEqual([7, "rsi", false, null, null]);
    expect(t.cost.toFixed()).toBe("6001");
    expect(t.signedVolume.toFixed()).toBe("2");
    expect(t.time.toISOString()).toBe("2024-03-01T12:00:00.000Z");
  });

  it("validates like a Trade, and the bot id and closingTrade", () => {
    expect(errorOf(() => DryTrade.create({ ...dry, volume: 0 })).field).toBe("volume");
    expect(errorOf(() => DryTrade.create({ ...dry, botId: undefined as unknown as number })).field).toBe("botId");
    expect(errorOf(() => DryTrade.create({ ...dry, closingTrade: "yes" as unknown as boolean })).field).toBe("closingTrade");
  });

  it("round-trips through JSON with its result, and refuses unknown keys", () => {
    const p = new Position({ symbol: "ETH/USDT" });
    const t = DryTrade.create({ ...dry, closingTrade: true, fee: "-0.5" });
    const done = t.withResult(p.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee }));
    const dict = JSON.parse(JSON.stringify(done.toDict()));
    expect(DryTrade.fromDict(dict).toDict()).toEqual(done.toDict());
    expect(dict.result.curFee).toBe("-0.5");
    expect(errorOf(() => DryTrade.fromDict({ ...dict, quantity: 1 })).message).toContain('"quantity" (use "volume")');
  });
});
