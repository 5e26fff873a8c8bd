import { ValidationError } from "@tradekit/domain";
import { BaseCache } from "./base-cache.js";
import { type CacheOptions, openCacheContext } from "./cache-options.js";

/** Who holds an exchange block and for how much longer. */
export interface ExchangeBlock {
  exchange: string;
  owner: string;
  ttlMs: number;
}

const positive = (field: string, value: number): number => {
  if (!Number.isFinite(value) || value <= 0) throw ValidationError.invalid(field, value, "a positive number");
  return value;
};

const botIdOf = (botId: number): number => {
  if (!Number.isSafeInteger(botId)) throw ValidationError.invalid("botId", botId, "an integer bot id");
  return botId;
};

/**
 * Bot monitoring and coordination: status per feed, a heartbeat that expires by itself when the
 * bot dies, exchange blocks (locks with an owner and a TTL, released only by their owner) and
 * opening-position marks (a TTL, so a crashed bot cannot leave a symbol blocked forever).
 */
export class BotCache extends BaseCache {
  /** Opens a BotCache on the process-wide store (or `options.store`). */
  static async open(options: CacheOptions = {}): Promise<BotCache> {
    return new BotCache(await openCacheContext(options));
  }

  /** Sets the status of some of the bot's feeds (`{ feed: status }`); other feeds stay. */
  async updateBot(botId: number, statuses: Readonly<Record<string, string>>): Promise<void> {
    for (const [feed, status] of Object.entries(statuses)) {
      if (typeof status !== "string") throw ValidationError.invalid(`status of feed ${feed}`, status, "a string");
    }
    await this.store.exec([
      { op: "hset", key: this.keys.bot(botIdOf(botId)), fields: statuses },
      { op: "sadd", key: this.keys.botIds(), members: [String(botId)] },
    ]);
  }

  /** The feed statuses of one bot, or null when it has none. */
  async getBot(botId: number): Promise<Record<string, string> | null> {
    const all = await this.store.hgetall(this.keys.bot(botIdOf(botId)));
    return Object.keys(all).length === 0 ? null : all;
  }

  /** Every bot's feed statuses, by bot id. */
  async getBots(): Promise<Map<number, Record<string, string>>> {
    const ids = (await this.store.smembers(this.keys.botIds())).map(Number).sort((a, b) => a - b);
    const all = await this.store.hgetallMany(ids.map((id) => this.keys.bot(id)));
    const out = new Map<number, Record<string, string>>();
    ids.forEach((id, i) => {
      const statuses = all[i] ?? {};
      if (Object.keys(statuses).length > 0) out.set(id, statuses);
    });
    return out;
  }

  /** Removes a bot's statuses and heartbeat. */
  async deleteBot(botId: number): Promise<void> {
    await this.store.exec([
      { op: "del", keys: [this.keys.bot(botIdOf(botId)), this.keys.heartbeat(botId)] },
      { op: "srem", key: this.keys.botIds(), members: [String(botId)] },
    ]);
  }

  /** Records that the bot is alive; unless renewed, the heartbeat disappears after `ttlSeconds`. */
  async heartbeat(botId: number, ttlSeconds = 30): Promise<void> {
    const ttlMs = positive("ttlSeconds", ttlSeconds) * 1000;
    await this.store.exec([{ op: "set", key: this.keys.heartbeat(botIdOf(botId)), value: String(Date.now()), ttlMs }]);
  }

  /** When the bot last beat, or null when its heartbeat has expired (or never was). */
  async lastHeartbeat(botId: number): Promise<Date | null> {
    const text = await this.store.get(this.keys.heartbeat(botIdOf(botId)));
    return text === null ? null : new Date(Number(text));
  }

  /** Takes the block of `exchange` for `owner` for `ttlMs`, if nobody holds it; says whether it did. */
  tryBlockExchange(exchange: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.store.setIfAbsent(this.keys.exchangeBlock(exchange), ownerOf(owner), positive("ttlMs", ttlMs));
  }

  /** Renews the block for `ttlMs` if `owner` still holds it; says whether it did. */
  extendExchangeBlock(exchange: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = this.keys.exchangeBlock(exchange);
    return this.store.execIf({ key, equals: ownerOf(owner) }, [{ op: "pexpire", key, ttlMs: positive("ttlMs", ttlMs) }]);
  }

  /** Releases the block if `owner` holds it (compare-and-delete); says whether it did. */
  releaseExchangeBlock(exchange: string, owner: string): Promise<boolean> {
    const key = this.keys.exchangeBlock(exchange);
    return this.store.execIf({ key, equals: ownerOf(owner) }, [{ op: "del", keys: [key] }]);
  }

  /** The current holder of the block of `exchange`, or null when it is free. */
  async getExchangeBlock(exchange: string): Promise<ExchangeBlock | null> {
    const key = this.keys.exchangeBlock(exchange);
    const [owner, ttlMs] = await Promise.all([this.store.get(key), this.store.pttl(key)]);
    return owner === null || ttlMs === -2 ? null : { exchange, owner, ttlMs };
  }

  /** Marks that `botId` is opening a position on `symbol`; false when a mark is already there. */
  markOpeningPosition(botId: number, symbol: string, ttlSeconds = 300): Promise<boolean> {
    const ttlMs = positive("ttlSeconds", ttlSeconds) * 1000;
    return this.store.setIfAbsent(this.keys.openingPosition(botIdOf(botId), symbol), String(Date.now()), ttlMs);
  }

  /** Whether `botId` is opening a position on `symbol`. */
  async isOpeningPosition(botId: number, symbol: string): Promise<boolean> {
    return (await this.store.get(this.keys.openingPosition(botIdOf(botId), symbol))) !== null;
  }

  /** Removes the opening-position mark (the order was placed or gave up). */
  async clearOpeningPosition(botId: number, symbol: string): Promise<void> {
    await this.store.exec([{ op: "del", keys: [this.keys.openingPosition(botIdOf(botId), symbol)] }]);
  }
}

function ownerOf(owner: string): string {
  if (typeof owner !== "string" || owner.length === 0) throw ValidationError.invalid("owner", owner, "a non-empty owner id");
  return owner;
}
