import { ValidationError } from "@tradekit/domain";

/**
 * Tickers of one exchange are spread over 16 hashes by symbol. Redis keeps a small hash as a
 * listpack, where writing a field scans the whole hash: one hash of 500 symbols made a batch
 * HSET cost over 1 ms of server time; 16 hashes of ~30 fields keep it linear in the batch.
 */
export const TICKER_BUCKETS = 16;
const BUCKET_NAMES = Array.from({ length: TICKER_BUCKETS }, (_, i) => i.toString(16));

/** The bucket (0-15) of a symbol: FNV-1a of its UTF-16 code units, stable across processes. */
export function tickerBucketOf(symbol: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) {
    h ^= symbol.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % TICKER_BUCKETS;
}

const segment = (field: string, value: string | number): string => {
  const text = String(value);
  if (text.length === 0 || /\s/.test(text)) throw ValidationError.invalid(field, value, "a non-empty name without whitespace");
  return text;
};

/**
 * Every key and channel the caches use, under one prefix: the layout the README documents.
 * Nothing else builds a key, so nothing escapes the prefix.
 */
export class KeyLayout {
  constructor(readonly prefix: string) {
    if (typeof prefix !== "string") throw ValidationError.invalid("keyPrefix", prefix, 'a string such as "tradekit:"');
  }

  /** The hash holding `symbol`'s ticker: one of TICKER_BUCKETS per exchange. */
  tickerBucket(exchange: string, symbol: string): string {
    return `${this.prefix}tick:${segment("exchange", exchange)}:${BUCKET_NAMES[tickerBucketOf(symbol)]}`;
  }
  /** Every ticker hash of `exchange`, indexed by tickerBucketOf(symbol). */
  tickerBuckets(exchange: string): string[] {
    const base = `${this.prefix}tick:${segment("exchange", exchange)}:`;
    return BUCKET_NAMES.map((b) => base + b);
  }
  tickerChannel(exchange: string): string {
    return `${this.prefix}tick-updates:${segment("exchange", exchange)}`;
  }
  positions(exId: number): string {
    return `${this.prefix}acct:pos:${segment("exId", exId)}`;
  }
  accounts(): string {
    return `${this.prefix}acct:balances`;
  }
  botIds(): string {
    return `${this.prefix}bot:ids`;
  }
  bot(botId: number): string {
    return `${this.prefix}bot:${segment("botId", botId)}`;
  }
  heartbeat(botId: number): string {
    return `${this.prefix}bot:${segment("botId", botId)}:heartbeat`;
  }
  openingPosition(botId: number, symbol: string): string {
    return `${this.prefix}bot:${segment("botId", botId)}:opening:${segment("symbol", symbol)}`;
  }
  exchangeBlock(exchange: string): string {
    return `${this.prefix}block:${segment("exchange", exchange)}`;
  }
  newOrders(): string {
    return `${this.prefix}order-queue:new`;
  }
  orderIndex(exchange: string): string {
    return `${this.prefix}order-index:${segment("exchange", exchange)}`;
  }
  order(exchange: string, orderId: string): string {
    return `${this.prefix}order:${segment("exchange", exchange)}:${segment("orderId", orderId)}`;
  }
  rawTrades(exchange: string, symbol: string): string {
    return `${this.prefix}trades:raw:${segment("exchange", exchange)}:${segment("symbol", symbol)}`;
  }
  userTrades(uid: number): string {
    return `${this.prefix}trades:user:${segment("uid", uid)}`;
  }
  lookup(key: string): string {
    return `${this.prefix}lookup:${segment("key", key)}`;
  }
}
