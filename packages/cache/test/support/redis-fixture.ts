import { redisUrl, testKeyPrefix } from "@tradekit/test-services";
import { Redis } from "ioredis";
import { type CacheContext, KeyLayout, RedisStore } from "../../src/index.js";

/**
 * A test file's Redis: its own key prefix, a fresh sub-prefix per test, and cleanup of every key
 * under the file's prefix (call `close` in afterAll).
 */
export class RedisFixture {
  readonly prefix: string;
  readonly #stores: RedisStore[] = [];
  #n = 0;

  constructor(label: string) {
    this.prefix = testKeyPrefix(label);
  }

  /** A new connection (a separate client, as another process would have). */
  async connect(commandTimeoutMs = 2_000): Promise<RedisStore> {
    const store = await RedisStore.connect({ url: redisUrl(), commandTimeoutMs });
    this.#stores.push(store);
    return store;
  }

  /** A context with a prefix of its own, on a shared connection. */
  fresh = async (): Promise<CacheContext> => {
    const store = this.#stores[0] ?? (await this.connect());
    return { store, keys: new KeyLayout(`${this.prefix}${++this.#n}:`) };
  };

  /** Deletes every key under the file's prefix and closes the connections. */
  async close(): Promise<void> {
    const admin = new Redis(redisUrl());
    try {
      let cursor = "0";
      do {
        const [next, keys] = await admin.scan(cursor, "MATCH", `${this.prefix}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await admin.del(...keys);
      } while (cursor !== "0");
    } finally {
      admin.disconnect();
      await Promise.all(this.#stores.map((s) => s.close()));
    }
  }

  /** How many keys remain under the file's prefix. */
  async keyCount(): Promise<number> {
    const admin = new Redis(redisUrl());
    try {
      return (await admin.keys(`${this.prefix}*`)).length;
    } finally {
      admin.disconnect();
    }
  }
}
