import type { Logger } from "pino";
import type { CacheStore } from "./store/cache-store.js";
import { MemoryStore } from "./store/memory-store.js";
import { RedisStore } from "./store/redis-store.js";

// One store per Redis URL (and timeout) per process: every cache opened without an explicit
// store shares it, and closeCacheConnections() closes them all.
const redisStores = new Map<string, Promise<RedisStore>>();
let memoryStore: MemoryStore | undefined;

/** The process-wide store for `url` (null = the process's in-memory store), made on first use. */
export function sharedStore(url: string | null, commandTimeoutMs: number, logger?: Logger): Promise<CacheStore> {
  if (url === null) {
    memoryStore ??= new MemoryStore();
    return Promise.resolve(memoryStore);
  }
  const id = `${url}#${commandTimeoutMs}`;
  let store = redisStores.get(id);
  if (!store) {
    store = RedisStore.connect({ url, commandTimeoutMs, ...(logger ? { logger } : {}) });
    redisStores.set(id, store);
    // A failed connect is not kept: the next open tries again.
    store.catch(() => redisStores.delete(id));
  }
  return store;
}

/** Closes every shared cache connection of the process (call once at shutdown). */
export async function closeCacheConnections(): Promise<void> {
  const stores = [...redisStores.values()];
  redisStores.clear();
  memoryStore = undefined;
  // A store whose connect failed holds no connection: there is nothing of it to close.
  await Promise.all(
    stores.map((s) =>
      s.then(
        (store) => store.close(),
        () => undefined,
      ),
    ),
  );
}
