import { describe, expect, it } from "vitest";
import { candleFormatOf, marketOfFileName } from "./file-market.js";

describe("a candle file's market and format from its name", () => {
  it("reads freqtrade's and Binance's names", () => {
    expect(marketOfFileName("/data/UNITTEST_BTC-1m.json")).toEqual({ symbol: "UNITTEST/BTC", timeframe: "1m" });
    expect(marketOfFileName("ETH_USDT-5m.json.gz")).toEqual({ symbol: "ETH/USDT", timeframe: "5m" });
    expect(marketOfFileName("BTCUSDT-1m-2024-01.csv")).toEqual({ symbol: "BTC/USDT", timeframe: "1m" });
    expect(marketOfFileName("candles.json")).toEqual({ symbol: null, timeframe: null });
  });

  it("takes the format from the extension, or a given one, and refuses others", () => {
    expect(candleFormatOf("a.json.gz")).toBe("freqtrade");
    expect(candleFormatOf("a.csv")).toBe("binance");
    expect(candleFormatOf("a.txt", "binance")).toBe("binance");
    expect(() => candleFormatOf("a.txt")).toThrow(/--format/);
    expect(() => candleFormatOf("a.json", "kraken")).toThrow(/freqtrade or binance/);
  });
});
