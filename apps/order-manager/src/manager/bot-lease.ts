import type { CacheStore } from "@tradekit/cache";

/**
 * Ownership of a bot: a lease with a TTL in the cache store (SET NX PX, renewed by compare-and-set),
 * so it works on Redis and on the in-memory store and pins no database connection. Whoever holds
 * the key owns the bot until it stops renewing; then the lease expires and a waiting manager takes it.
 */
export class BotLease {
  readonly key: string;

  constructor(
    readonly store: CacheStore,
    keyPrefix: string,
    readonly botId: number,
    readonly owner: string,
    readonly ttlMs: number,
  ) {
    this.key = `${keyPrefix}order-manager:bot:${botId}:owner`;
  }

  /** Takes the lease if it is free (or already ours, renewing it); says whether we own the bot now. */
  async acquire(): Promise<boolean> {
    if (await this.store.setIfAbsent(this.key, this.owner, this.ttlMs)) return true;
    return this.renew();
  }

  /** Extends the lease if we still hold it; false when another owner has it. */
  renew(): Promise<boolean> {
    return this.store.execIf({ key: this.key, equals: this.owner }, [
      { op: "set", key: this.key, value: this.owner, ttlMs: this.ttlMs },
    ]);
  }

  /** Gives the lease up if we hold it. */
  async release(): Promise<void> {
    await this.store.execIf({ key: this.key, equals: this.owner }, [{ op: "del", keys: [this.key] }]);
  }

  /** Who holds it now (null = nobody) and for how much longer. */
  async holder(): Promise<{ owner: string | null; ttlMs: number }> {
    const [owner, ttlMs] = await Promise.all([this.store.get(this.key), this.store.pttl(this.key)]);
    return { owner, ttlMs };
  }
}
