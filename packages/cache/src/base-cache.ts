import type { CacheContext } from "./cache-options.js";
import type { KeyLayout } from "./key-layout.js";
import type { CacheStore, Unsubscribe } from "./store/cache-store.js";

/**
 * What every cache shares: its store and key layout, and the subscriptions it made, which
 * disposing the cache ends. The connections themselves belong to the process
 * (closeCacheConnections) or to whoever passed the store in.
 */
export abstract class BaseCache implements AsyncDisposable {
  readonly store: CacheStore;
  readonly keys: KeyLayout;
  readonly #subscriptions = new Set<Unsubscribe>();

  constructor(context: CacheContext) {
    this.store = context.store;
    this.keys = context.keys;
  }

  protected async track(subscribing: Promise<Unsubscribe>): Promise<Unsubscribe> {
    const unsubscribe = await subscribing;
    const tracked: Unsubscribe = async () => {
      this.#subscriptions.delete(tracked);
      await unsubscribe();
    };
    this.#subscriptions.add(tracked);
    return tracked;
  }

  /** Ends this cache's subscriptions; shared connections stay open for the rest of the process. */
  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((u) => u()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
