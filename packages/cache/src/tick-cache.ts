import { ValidationError } from "@tradekit/domain";
import { BaseCache } from "./base-cache.js";
import { type CacheOptions, openCacheContext } from "./cache-options.js";
import { parseStored } from "./codec.js";
import type { Unsubscribe } from "./store/cache-store.js";
import { decodeTicker, encodeTicker, type StoredTicker, type Ticker, type TickerInput } from "./ticker.js";

/**
 * The current prices of every exchange: one hash per exchange (field = symbol), so a feed's
 * batch of hundreds of symbols is one HSET, and a PUBLISH of the batch for subscribers.
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
    const fields: Record<string, string> = {};
    const encoded: string[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const t = list[i] as TickerInput;
      let json: string;
      try {
        json = encodeTicker(t, cachedAt);
      } catch (error) {
        throw list.length === 1 ? error : ValidationError.inRow(i, error, "ticker");
      }
      fields[t.symbol] = json;
      encoded[i] = json;
    }
    await this.store.exec([
      { op: "hset", key: this.keys.tickers(exchange), fields },
      { op: "publish", channel: this.keys.tickerChannel(exchange), message: `[${encoded.join(",")}]` },
    ]);
  }

  /** The cached ticker of `symbol` on `exchange`, or null when none was ever stored. */
  async getTicker(symbol: string, exchange: string): Promise<Ticker | null> {
    const key = this.keys.tickers(exchange);
    const text = await this.store.hget(key, symbol);
    return text === null ? null : decodeTicker(exchange, parseStored<StoredTicker>(text, key));
  }

  /** Every cached ticker of `exchange`, by symbol. */
  async getAllTickers(exchange: string): Promise<Map<string, Ticker>> {
    const key = this.keys.tickers(exchange);
    const all = await this.store.hgetall(key);
    const out = new Map<string, Ticker>();
    for (const [symbol, text] of Object.entries(all))
      out.set(symbol, decodeTicker(exchange, parseStored<StoredTicker>(text, key)));
    return out;
  }

  /** Removes one symbol's ticker. */
  async deleteTicker(symbol: string, exchange: string): Promise<void> {
    await this.store.exec([{ op: "hdel", key: this.keys.tickers(exchange), fields: [symbol] }]);
  }

  /** Removes every ticker of `exchange`. */
  async deleteExchangeTickers(exchange: string): Promise<void> {
    await this.store.exec([{ op: "del", keys: [this.keys.tickers(exchange)] }]);
  }

  /**
   * Calls `handler` with every batch written for `exchange` from now on (by any process), over
   * the process's one subscriber connection. Disposing the cache unsubscribes.
   */
  subscribeTickers(exchange: string, handler: (tickers: Ticker[]) => void): Promise<Unsubscribe> {
    const channel = this.keys.tickerChannel(exchange);
    return this.track(
      this.store.subscribe(channel, (message) =>
        handler(parseStored<StoredTicker[]>(message, channel).map((s) => decodeTicker(exchange, s))),
      ),
    );
  }
}
