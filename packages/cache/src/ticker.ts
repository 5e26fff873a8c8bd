import type { Decimal, DecimalInput } from "@tradekit/domain";
import { ValidationError } from "@tradekit/domain";
import { decimalText, optionalDecimalText, readDecimal, readOptionalDecimal, timeMs } from "./codec.js";

/** A price update as a feed gives it; `time` is the exchange's time of the quote. */
export interface TickerInput {
  symbol: string;
  last: DecimalInput;
  bid?: DecimalInput | null;
  ask?: DecimalInput | null;
  volume?: DecimalInput | null;
  time: Date | number | string;
}

/** A cached price; compare `exchangeTime` (or `cachedAt`) with now to tell a stale one. */
export interface Ticker {
  exchange: string;
  symbol: string;
  last: Decimal;
  bid: Decimal | null;
  ask: Decimal | null;
  volume: Decimal | null;
  /** When the exchange quoted it. */
  exchangeTime: Date;
  /** When it was written to the cache. */
  cachedAt: Date;
}

/** The stored form: decimals as exact strings, times as epoch ms. */
export interface StoredTicker {
  symbol: string;
  last: string;
  bid: string | null;
  ask: string | null;
  volume: string | null;
  time: number;
  cachedAt: number;
}

/** The JSON stored (and published) for one ticker. */
export function encodeTicker(input: TickerInput, cachedAt: number): string {
  if (typeof input.symbol !== "string" || input.symbol.length === 0) {
    throw ValidationError.invalid("ticker.symbol", input.symbol, 'a non-empty symbol such as "BTC/USDT"');
  }
  const stored: StoredTicker = {
    symbol: input.symbol,
    last: decimalText(input.last, "ticker.last"),
    bid: optionalDecimalText(input.bid, "ticker.bid"),
    ask: optionalDecimalText(input.ask, "ticker.ask"),
    volume: optionalDecimalText(input.volume, "ticker.volume"),
    time: timeMs(input.time, "ticker.time"),
    cachedAt,
  };
  return JSON.stringify(stored);
}

/** A stored ticker back to its API form. */
export function decodeTicker(exchange: string, stored: StoredTicker): Ticker {
  return {
    exchange,
    symbol: stored.symbol,
    last: readDecimal(stored.last, "ticker.last"),
    bid: readOptionalDecimal(stored.bid, "ticker.bid"),
    ask: readOptionalDecimal(stored.ask, "ticker.ask"),
    volume: readOptionalDecimal(stored.volume, "ticker.volume"),
    exchangeTime: new Date(stored.time),
    cachedAt: new Date(stored.cachedAt),
  };
}

/** Whether the exchange quoted `ticker` more than `maxAgeMs` before `now`. */
export function isTickerStale(ticker: Ticker, maxAgeMs: number, now: number = Date.now()): boolean {
  return now - ticker.exchangeTime.getTime() > maxAgeMs;
}
