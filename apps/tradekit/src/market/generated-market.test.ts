import { Candle, Decimal, Timeframe } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { generateMarket, marketCandles } from "./generated-market.js";

const MINUTE = 60_000;

describe("generateMarket", () => {
  it("is deterministic: the same seed gives the same candles, another seed others", () => {
    const a = generateMarket({ seed: 3, days: 2 });
    const b = generateMarket({ seed: 3, days: 2 });
    const c = generateMarket({ seed: 4, days: 2 });
    expect(b).toEqual(a);
    expect(c.candles.map((x) => x.close)).not.toEqual(a.candles.map((x) => x.close));
  });

  it("gives valid 1m candles on the paper BTC/USDT grid, oldest first, with gaps that stay gaps", () => {
    const { candles, gaps, missing } = generateMarket({ seed: 42, days: 21 });
    const tf = Timeframe.parse("1m");
    expect(candles.length + missing).toBe(21 * 1440);
    expect(gaps).toBeGreaterThan(0);
    let holes = 0;
    for (let i = 0; i < candles.length; i++) {
      const c = Candle.create(candles[i] as never, tf); // validates high >= open, close, low >= ...
      expect(new Decimal(c.close).decimalPlaces()).toBeLessThanOrEqual(2);
      expect(new Decimal(c.volume).decimalPlaces()).toBeLessThanOrEqual(5);
      if (i > 0 && (candles[i]?.time as number) - (candles[i - 1]?.time as number) > MINUTE) holes++;
    }
    expect(holes).toBe(gaps);
  });

  it("looks like a market: volatility clusters and the price trends", () => {
    const closes = generateMarket({ seed: 42, days: 21 }).candles.map((c) => Number(c.close));
    const returns = closes.slice(1).map((c, i) => Math.log(c / (closes[i] as number)));
    const abs = returns.map(Math.abs);
    const mean = abs.reduce((a, b) => a + b, 0) / abs.length;
    // Autocorrelation of |returns| (volatility clustering) is clearly positive; of returns, near 0.
    const corr = (xs: number[], m: number) => {
      let num = 0;
      let den = 0;
      for (let i = 1; i < xs.length; i++) num += ((xs[i] as number) - m) * ((xs[i - 1] as number) - m);
      for (const x of xs) den += (x - m) ** 2;
      return num / den;
    };
    expect(corr(abs, mean)).toBeGreaterThan(0.1);
    expect(Math.abs(corr(returns, 0))).toBeLessThan(0.1);
    const range = (Math.max(...closes) - Math.min(...closes)) / (closes[0] as number);
    expect(range).toBeGreaterThan(0.05);
  });

  it("without gaps gives every minute, at the same prices", () => {
    const withGaps = generateMarket({ seed: 9, days: 3 }).candles;
    const full = generateMarket({ seed: 9, days: 3, gaps: false }).candles;
    expect(full).toHaveLength(3 * 1440);
    const byTime = new Map(full.map((c) => [c.time, c]));
    for (const c of withGaps) expect(byTime.get(c.time)).toEqual(c);
  });

  it("streams the same candles it collects", () => {
    expect([...marketCandles({ seed: 5, days: 1 })]).toEqual(generateMarket({ seed: 5, days: 1 }).candles);
  });

  it("refuses bad options by name", () => {
    expect(() => generateMarket({ days: 0 })).toThrow(/days/);
    expect(() => generateMarket({ start: Date.UTC(2024, 0, 1, 0, 0, 30) })).toThrow(/start/);
  });
});
