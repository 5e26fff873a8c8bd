import { ValidationError } from "@tradekit/domain";
import { BaseCache } from "./base-cache.js";
import { type CacheOptions, openCacheContext } from "./cache-options.js";
import { tickerBucketOf } from "./key-layout.js";
import type { Unsubscribe, WriteOp } from "./store/cache-store.js";
import { decodePublished, decodeTicker, encodeTicker, publishedLine, type Ticker, type TickerInput } from "./ticker.js";

/**
 * The current prices of every exchange: 16 hashes per exchange (field = symbol, see
 * KeyLayout.tickerBucket), so a feed's batch of hundreds of symbols is at most 16 HSETs and one
 * PUBLISH of the batch for subscribers, in one MULTI.
 */
export class TickCache extends BaseCache {
  /** Opens a TickCache on the process-wide store (or `options.store`). */
  static async open(options: CacheOptions = {}): Promise<TickCache> {
    return new TickCache(await openCacheContext(options));
  }

  /** Stores one ticker (alias of updateTicker with one ticker). */
  setTicker(exchange: string, ticker: TickerInput): Promise<void> {
    return this.updateTicker(exchange, ticker);
  }

  /** Stores a feed's batch of tickers in one atomic write and publishes it to subscribers. */
  async updateTicker(exchange: string, tickers: TickerInput | readonly TickerInput[]): Promise<void> {
    const list: readonly TickerInput[] = Array.isArray(tickers) ? tickers : [tickers as TickerInput];
    if (list.length === 0) return;
    const cachedAt = Date.now();
    const bucketKeys = this.keys.tickerBuckets(exchange);
    const buckets: (Record<string, string> | undefined)[] = new Array(bucketKeys.length);
    const lines: string[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const t = list[i] as TickerInput;
      let value: string;
      try {
        value = encodeTicker(t, cachedAt);
      } catch (error) {
        throw list.length === 1 ? error : ValidationError.inRow(i, error, "ticker");
      }
      const b = tickerBucketOf(t.symbol);
      // no prototype: a symbol named __proto__ is a field like any other, not the object's prototype
      const fields = buckets[b] ?? (Object.create(null) as Record<string, string>);
      buckets[b] = fields;
      fields[t.symbol] = value;
      lines[i] = publishedLine(t.symbol, value);
    }
    const ops: WriteOp[] = [];
    buckets.forEach((fields, b) => {
      if (fields) ops.push({ op: "hset", key: bucketKeys[b] as string, fields });
    });
    ops.push({ op: "publish", channel: this.keys.tickerChannel(exchange), message: lines.join("\n") });
    await this.store.exec(ops);
  }

  /** The cached ticker of `symbol` on `exchange`, or null when none was ever stored. */
  async getTicker(exchange: string, symbol: string): Promise<Ticker | null> {
    const key = this.keys.tickerBucket(exchange, symbol);
    const value = await this.store.hget(key, symbol);
    return value === null ? null : decodeTicker(exchange, symbol, value, key);
  }

  /** Every cached ticker of `exchange`, by symbol. */
  async getAllTickers(exchange: string): Promise<Map<string, Ticker>> {
    const keys = this.keys.tickerBuckets(exchange);
    const buckets = await this.store.hgetallMany(keys);
    const out = new Map<string, Ticker>();
    buckets.forEach((all, b) => {
      for (const [symbol, value] of Object.entries(all))
        out.set(symbol, decodeTicker(exchange, symbol, value, keys[b] as string));
    });
    return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  }

  /** Removes the ticker of `symbol` on `exchange`. */
  async deleteTicker(exchange: string, symbol: string): Promise<void> {
    await this.store.exec([{ op: "hdel", key: this.keys.tickerBucket(exchange, symbol), fields: [symbol] }]);
  }

  /** Removes every ticker of `exchange`. */
  async deleteExchangeTickers(exchange: string): Promise<void> {
    await this.store.exec([{ op: "del", keys: this.keys.tickerBuckets(exchange) }]);
  }

  /**
   * Calls `handler` with every batch written for `exchange` from now on (by any process), over
   * the process's one subscriber connection. Disposing the cache unsubscribes.
   */
  subscribeTickers(exchange: string, handler: (tickers: Ticker[]) => void): Promise<Unsubscribe> {
    const channel = this.keys.tickerChannel(exchange);
    return this.track(this.store.subscribe(channel, (message) => handler(decodePublished(exchange, message, channel))));
  }
}
