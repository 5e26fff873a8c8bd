import { Decimal, ValidationError } from "@tradekit/domain";
import type { MarketSymbol } from "@tradekit/orm";
import { describe, expect, it } from "vitest";
import { buildEntryOrder, buildExitOrder } from "./order-builder.js";

const market = {
  id: 1,
  catalogExchangeId: 1,
  exchange: "paper",
  symbol: "BTC/USDT",
  baseCurrency: "BTC",
  quoteCurrency: "USDT",
  active: true,
  pricePrecision: 2,
  volumePrecision: 5,
  tickSize: new Decimal("0.05"),
  minLot: new Decimal("0.0001"),
} as MarketSymbol;
const origin = {
  botId: 7,
  exId: 3,
  exchange: "paper",
  clientOrderId: "tk7-abc",
  createdAt: new Date("2024-01-01T00:00:59.999Z"),
};
const last = new Decimal("30001.37");

describe("buildEntryOrder", () => {
  it("a market buy: sized from the quote amount at the last price (cut down), stop and target on the tick grid, rounded so risk/reward is never worse", () => {
    const o = buildEntryOrder(
      "buy",
      { signal: "x", quoteAmount: "1000", stopLossPct: "1.5", takeProfitPct: "3" },
      last,
      market,
      origin,
    );
    expect(o.toDict()).toMatchObject({
      status: "new",
      orderType: "market",
      side: "buy",
      volume: new Decimal(1000).div(last).toDecimalPlaces(5, Decimal.ROUND_DOWN).toString(),
      price: "30001.37",
      // 30001.37 x 0.985 = 29551.34945 -> up to 29551.35 (nearer the price: less risk)
      stopLoss: "29551.35",
      // 30001.37 x 1.03 = 30901.4111 -> up to 30901.45 (further: more reward)
      takeProfit: "30901.45",
      clientOrderId: "tk7-abc",
      botId: 7,
      exId: 3,
      exchange: "paper",
      createdAt: "2024-01-01T00:00:59.999Z",
    });
  });

  it("a limit sell: the limit rounded up for a sell, stop above and target below rounded down", () => {
    const o = buildEntryOrder(
      "sell",
      { signal: "x", volume: "0.123456", limitPrice: "30000.01", stopLoss: "30300.02", takeProfit: "29000.07" },
      last,
      market,
      origin,
    );
    expect(o.toDict()).toMatchObject({
      orderType: "limit",
      price: "30000.05",
      volume: "0.12345",
      stopLoss: "30300",
      takeProfit: "29000.05",
    });
  });

  it("refuses a volume below the minimum lot, and a request before any price", () => {
    expect(() => buildEntryOrder("buy", { signal: "x", quoteAmount: "1" }, last, market, origin)).toThrow(ValidationError);
    expect(() => buildEntryOrder("buy", { signal: "x", quoteAmount: "1" }, last, market, origin)).toThrow(
      "at least the minimum lot 0.0001 of BTC/USDT",
    );
    expect(() => buildEntryOrder("buy", { signal: "x", quoteAmount: "1000" }, null, market, origin)).toThrow(
      "before the runner has seen a price",
    );
    expect(() => buildEntryOrder("buy", { signal: "x" }, last, market, origin)).toThrow("quoteAmount given");
  });

  it("an exit is a market order of the volume, without stop or target", () => {
    const o = buildExitOrder("sell", new Decimal("0.033331"), undefined, last, market, origin);
    expect(o.toDict()).toMatchObject({
      orderType: "market",
      side: "sell",
      volume: "0.03333",
      price: "30001.37",
      stopLoss: null,
      takeProfit: null,
    });
  });
});
