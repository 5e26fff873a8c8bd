import { writeFileSync } from "node:fs";
import type { CandleInput } from "@tradekit/domain";

const MINUTE = 60_000;

/** `count` 1m candles of a seeded random walk from `start`, prices and volumes as exact decimal strings. */
export function randomWalkCandles(count: number, start: number, seed = 42): CandleInput[] {
  let state = seed >>> 0;
  const rand = (): number => {
    // mulberry32: deterministic, so every run loads the same rows
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Array<CandleInput>(count);
  let price = 30_000;
  for (let i = 0; i < count; i++) {
    const open = price;
    const close = Math.max(1, open + (rand() - 0.5) * 40);
    const high = Math.max(open, close) + rand() * 10;
    const low = Math.max(0.5, Math.min(open, close) - rand() * 10);
    price = close;
    out[i] = {
      time: start + i * MINUTE,
      open: open.toFixed(2),
      high: high.toFixed(2),
      low: low.toFixed(2),
      close: close.toFixed(2),
      volume: (rand() * 50).toFixed(4),
    };
  }
  return out;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
const ts = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00+00`;
};

/** The same rows as a COPY text file for `psql \copy` (exchange, symbol, timeframe, time, o, h, l, c, v). */
export function writeCopyFile(path: string, exchange: string, symbol: string, candles: readonly CandleInput[]): void {
  const lines = candles.map(
    (c) => `${exchange}\t${symbol}\t1m\t${ts(c.time as number)}\t${c.open}\t${c.high}\t${c.low}\t${c.close}\t${c.volume}`,
  );
  writeFileSync(path, `${lines.join("\n")}\n`);
}

/** Column list matching writeCopyFile. */
export const COPY_COLUMNS = "exchange, symbol, timeframe, time, open, high, low, close, volume";
