import { ValidationError } from "@tradekit/domain";
import { BaseCache } from "./base-cache.js";
import { type CacheOptions, openCacheContext } from "./cache-options.js";
import { parseStored } from "./codec.js";
import { decodeRawTrade, encodeRawTrade, type RawTrade, type RawTradeInput } from "./raw-trade.js";

/** A trade or anything with `toDict()` (a domain Trade): what a user's queue carries. */
export type TradePayload = Record<string, unknown> | { toDict(): object };

const maxOf = (max: number | undefined): number | undefined => {
  if (max !== undefined && (!Number.isSafeInteger(max) || max <= 0))
    throw ValidationError.invalid("max", max, "a positive integer");
  return max;
};

/**
 * Queues of trades: raw exchange trades per symbol (a feed pushes, the time-series writer takes)
 * and fills per user. Taking reads and removes in one atomic step, so a trade pushed between
 * the read and the removal is never lost: it stays for the next take.
 */
export class TradesCache extends BaseCache {
  /** Opens a TradesCache on the process-wide store (or `options.store`). */
  static async open(options: CacheOptions = {}): Promise<TradesCache> {
    return new TradesCache(await openCacheContext(options));
  }

  /** Appends raw trades of `symbol` on `exchange`, in order. */
  async pushRawTrades(exchange: string, symbol: string, trades: readonly RawTradeInput[]): Promise<void> {
    const values = trades.map((t, row) => {
      try {
        return encodeRawTrade(t);
      } catch (error) {
        throw ValidationError.inRow(row, error, "trade");
      }
    });
    await this.store.exec([{ op: "rpush", key: this.keys.rawTrades(exchange, symbol), values }]);
  }

  /** Removes and returns the oldest `max` (default all) raw trades of `symbol`, atomically. */
  async takeRawTrades(exchange: string, symbol: string, max?: number): Promise<RawTrade[]> {
    return (await this.store.listTake(this.keys.rawTrades(exchange, symbol), maxOf(max))).map(decodeRawTrade);
  }

  /** Appends trades to user `uid`'s queue. */
  async pushUserTrades(uid: number, trades: readonly TradePayload[]): Promise<void> {
    const values = trades.map((t) => JSON.stringify(typeof t.toDict === "function" ? (t.toDict as () => unknown)() : t));
    await this.store.exec([{ op: "rpush", key: this.keys.userTrades(uid), values }]);
  }

  /** Removes and returns the oldest `max` (default all) trades of user `uid`, atomically. */
  async takeUserTrades(uid: number, max?: number): Promise<Record<string, unknown>[]> {
    const key = this.keys.userTrades(uid);
    return (await this.store.listTake(key, maxOf(max))).map((text) => parseStored<Record<string, unknown>>(text, key));
  }
}
