// Straightforward references computed from the shared data files, independent of the package:
// regexes over the file text (exact decimal digits), Decimal arithmetic, plain loops.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Decimal } from "@tradekit/domain";
import { sharedDataPath } from "@tradekit/test-services";

export interface RefCandle {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume?: string;
  tradeCount?: number;
}

export interface RefTrade {
  time: number;
  id: string;
  side: string;
  price: string;
  amount: string;
}

/** The 1m candles of UNITTEST_BTC-1m.json, exact digits from the file. */
export function btcCandles(): RefCandle[] {
  const text = readFileSync(sharedDataPath("freqtrade/UNITTEST_BTC-1m.json"), "utf8");
  const num = "\\s*([-0-9.eE]+)\\s*";
  const re = new RegExp(`\\[${num},${num},${num},${num},${num},${num}\\]`, "g");
  return [...text.matchAll(re)].map((m) => ({
    time: Number(m[1]),
    open: m[2] as string,
    high: m[3] as string,
    low: m[4] as string,
    close: m[5] as string,
    volume: m[6] as string,
  }));
}

/** The XRP/ETH trades of XRP_ETH-trades.json.gz, in file order, exact digits. */
export function xrpTrades(): RefTrade[] {
  const text = gunzipSync(readFileSync(sharedDataPath("freqtrade/XRP_ETH-trades.json.gz"))).toString("utf8");
  const re = /\[(\d+),\s*"([^"]*)",\s*(?:null|"[^"]*"),\s*"(buy|sell)",\s*([-0-9.eE]+),\s*([-0-9.eE]+),\s*([-0-9.eE]+)\]/g;
  return [...text.matchAll(re)].map((m) => ({
    time: Number(m[1]),
    id: m[2] as string,
    side: m[3] as string,
    price: m[4] as string,
    amount: m[5] as string,
  }));
}

const WEEK_ORIGIN = 4 * 86_400_000;

/** Buckets of `ms` aligned to the epoch (weeks to Monday): open first, high max, low min, close last, volume sum. */
export function resample(candles: readonly RefCandle[], ms: number, weeks = false): RefCandle[] {
  const origin = weeks ? WEEK_ORIGIN : 0;
  const out: RefCandle[] = [];
  for (const c of [...candles].sort((a, b) => a.time - b.time)) {
    const bucket = Math.floor((c.time - origin) / ms) * ms + origin;
    const last = out[out.length - 1];
    if (last && last.time === bucket) {
      if (new Decimal(c.high).gt(last.high)) last.high = c.high;
      if (new Decimal(c.low).lt(last.low)) last.low = c.low;
      last.close = c.close;
      last.volume = new Decimal(last.volume).plus(c.volume).toString();
    } else {
      out.push({ ...c, time: bucket });
    }
  }
  return out;
}

/** 1m candles from trades: first and last trade by time (file order for ties), extremes, sums. */
export function tradeCandles(trades: readonly RefTrade[]): RefCandle[] {
  const sorted = trades.map((t, i) => ({ t, i })).sort((a, b) => a.t.time - b.t.time || a.i - b.i);
  const out: RefCandle[] = [];
  for (const { t } of sorted) {
    const bucket = Math.floor(t.time / 60_000) * 60_000;
    const quote = new Decimal(t.price).times(t.amount);
    const last = out[out.length - 1];
    if (last && last.time === bucket) {
      if (new Decimal(t.price).gt(last.high)) last.high = t.price;
      if (new Decimal(t.price).lt(last.low)) last.low = t.price;
      last.close = t.price;
      last.volume = new Decimal(last.volume).plus(t.amount).toString();
      last.quoteVolume = new Decimal(last.quoteVolume as string).plus(quote).toString();
      last.tradeCount = (last.tradeCount as number) + 1;
    } else {
      out.push({
        time: bucket,
        open: t.price,
        high: t.price,
        low: t.price,
        close: t.price,
        volume: t.amount,
        quoteVolume: quote.toString(),
        tradeCount: 1,
      });
    }
  }
  return out;
}

/** Runs of missing minutes between consecutive candles. */
export function gapsOf(times: readonly number[], step: number): { from: number; to: number; missing: number }[] {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps: { from: number; to: number; missing: number }[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as number;
    const t = sorted[i] as number;
    if (t - prev > step) gaps.push({ from: prev + step, to: t - step, missing: (t - prev) / step - 1 });
  }
  return gaps;
}

/** A candle's values as normalized decimal strings, for exact comparison. */
export function norm(c: {
  time: Date | number;
  open: unknown;
  high: unknown;
  low: unknown;
  close: unknown;
  volume: unknown;
}): string {
  const d = (v: unknown) => new Decimal(String(v)).toString();
  const t = typeof c.time === "number" ? c.time : c.time.getTime();
  return `${new Date(t).toISOString()} o=${d(c.open)} h=${d(c.high)} l=${d(c.low)} c=${d(c.close)} v=${d(c.volume)}`;
}
