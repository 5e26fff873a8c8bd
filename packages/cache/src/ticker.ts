import type { Decimal, DecimalInput } from "@tradekit/domain";
import { ValidationError } from "@tradekit/domain";
import { nonNegativeAmountText, positiveAmountText, readDecimal, timeMs } from "./codec.js";

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

// The stored value is `last|bid|ask|volume|exchangeTimeMs|cachedAtMs` (an empty part = null):
// exact decimal strings, less than half the bytes of the same in JSON, which is what a feed
// writing hundreds of symbols per batch pays for. A published line appends `|symbol`.
const SEP = "|";

// Prices are amounts > 0 (a zero or negative price is a broken feed), the volume an amount >= 0.
const optionalPrice = (value: DecimalInput | null | undefined, field: string): string =>
  value === null || value === undefined ? "" : positiveAmountText(value, field);

/** The stored value of one ticker. */
export function encodeTicker(input: TickerInput, cachedAt: number): string {
  const symbol = input.symbol;
  if (typeof symbol !== "string" || symbol.length === 0 || symbol.includes("\n")) {
    throw ValidationError.invalid("ticker.symbol", symbol, 'a non-empty symbol such as "BTC/USDT"');
  }
  const volume = input.volume === null || input.volume === undefined ? "" : nonNegativeAmountText(input.volume, "ticker.volume");
  return `${positiveAmountText(input.last, "ticker.last")}${SEP}${optionalPrice(input.bid, "ticker.bid")}${SEP}${optionalPrice(
    input.ask,
    "ticker.ask",
  )}${SEP}${volume}${SEP}${timeMs(input.time, "ticker.time")}${SEP}${cachedAt}`;
}

/** A stored value back to a Ticker; `where` names the key for a value the cache did not write. */
export function decodeTicker(exchange: string, symbol: string, value: string, where: string): Ticker {
  const parts = value.split(SEP);
  if (parts.length !== 6)
    throw new ValidationError(`the ticker ${symbol} at ${where} is not one @tradekit/cache wrote: ${value.slice(0, 80)}`);
  const [last, bid, ask, volume, time, cachedAt] = parts as [string, string, string, string, string, string];
  return {
    exchange,
    symbol,
    last: readDecimal(last, "ticker.last"),
    bid: bid === "" ? null : readDecimal(bid, "ticker.bid"),
    ask: ask === "" ? null : readDecimal(ask, "ticker.ask"),
    volume: volume === "" ? null : readDecimal(volume, "ticker.volume"),
    exchangeTime: new Date(Number(time)),
    cachedAt: new Date(Number(cachedAt)),
  };
}

/** One line of a published batch: the stored value and the symbol. */
export function publishedLine(symbol: string, value: string): string {
  return `${value}${SEP}${symbol}`;
}

/** The tickers of a published batch message. */
export function decodePublished(exchange: string, message: string, channel: string): Ticker[] {
  return message.split("\n").map((line) => {
    let cut = -1;
    for (let i = 0; i < 6; i++) cut = line.indexOf(SEP, cut + 1);
    if (cut < 0) throw new ValidationError(`a message on ${channel} is not one @tradekit/cache published: ${line.slice(0, 80)}`);
    return decodeTicker(exchange, line.slice(cut + 1), line.slice(0, cut), channel);
  });
}

/** Whether the exchange quoted `ticker` more than `maxAgeMs` before `now`. */
export function isTickerStale(ticker: Ticker, maxAgeMs: number, now: number = Date.now()): boolean {
  return now - ticker.exchangeTime.getTime() > maxAgeMs;
}
