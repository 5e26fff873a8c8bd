import { describe, expect, it } from "vitest";
import { CANDLE_FORMATS, formatOf, TRADE_FORMATS } from "./file-format.js";

describe("formatOf", () => {
  it("reads the format from the file name, gzipped or not", () => {
    expect(formatOf("a/BTC_USDT-1m.json", undefined, CANDLE_FORMATS, "binance")).toBe("freqtrade");
    expect(formatOf("BTCUSDT-1m-2024-01.CSV.gz", undefined, CANDLE_FORMATS, "binance")).toBe("binance");
    expect(formatOf("XRP_ETH-trades.json.gz", undefined, TRADE_FORMATS, "kraken")).toBe("freqtrade");
    expect(formatOf("trades.csv", undefined, TRADE_FORMATS, "kraken")).toBe("kraken");
  });

  it("takes a known format given, and refuses an unknown one or a name it cannot read", () => {
    expect(formatOf("x.txt", "kraken", TRADE_FORMATS, "kraken")).toBe("kraken");
    expect(() => formatOf("x.csv", "binance", TRADE_FORMATS, "kraken")).toThrow(
      'format must be freqtrade or kraken; got "binance"',
    );
    expect(() => formatOf("x.txt", undefined, TRADE_FORMATS, "kraken")).toThrow('got "x.txt"');
  });
});
