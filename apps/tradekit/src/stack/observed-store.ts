import type {
  CacheStore,
  Condition,
  QueueEntry,
  QueueReclaimOptions,
  QueueTakeOptions,
  Unsubscribe,
  WriteOp,
} from "@tradekit/cache";

/**
 * A cache store that passes every call to another and counts two things a replay needs to step
 * exactly: requests pushed onto a queue (work for the order manager) and calls that failed (an
 * outage, after which the manager may owe status writes). Counting here, at the port, sees every
 * cache the runner, the order manager and the paper venue open on it.
 */
export class ObservedStore implements CacheStore {
  /** Payloads pushed onto queues so far. */
  pushes = 0;
  /** Calls that rejected so far. */
  failures = 0;

  constructor(readonly inner: CacheStore) {}

  get kind(): "redis" | "memory" {
    return this.inner.kind;
  }

  #watch<T>(promise: Promise<T>): Promise<T> {
    return promise.catch((error: unknown) => {
      this.failures++;
      throw error;
    });
  }

  get(key: string): Promise<string | null> {
    return this.#watch(this.inner.get(key));
  }
  mget(keys: readonly string[]): Promise<(string | null)[]> {
    return this.#watch(this.inner.mget(keys));
  }
  pttl(key: string): Promise<number> {
    return this.#watch(this.inner.pttl(key));
  }
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    return this.#watch(this.inner.setIfAbsent(key, value, ttlMs));
  }
  hget(key: string, field: string): Promise<string | null> {
    return this.#watch(this.inner.hget(key, field));
  }
  hgetall(key: string): Promise<Record<string, string>> {
    return this.#watch(this.inner.hgetall(key));
  }
  hgetallMany(keys: readonly string[]): Promise<Record<string, string>[]> {
    return this.#watch(this.inner.hgetallMany(keys));
  }
  smembers(key: string): Promise<string[]> {
    return this.#watch(this.inner.smembers(key));
  }
  zrangeByScore(key: string, min: number, max: number): Promise<string[]> {
    return this.#watch(this.inner.zrangeByScore(key, min, max));
  }
  exec(ops: readonly WriteOp[]): Promise<void> {
    return this.#watch(this.inner.exec(ops));
  }
  execIf(condition: Condition, ops: readonly WriteOp[]): Promise<boolean> {
    return this.#watch(this.inner.execIf(condition, ops));
  }
  listTake(key: string, max?: number): Promise<string[]> {
    return this.#watch(this.inner.listTake(key, max));
  }
  queuePush(queue: string, payloads: readonly string[]): Promise<string[]> {
    return this.#watch(
      this.inner.queuePush(queue, payloads).then((ids) => {
        this.pushes += payloads.length;
        return ids;
      }),
    );
  }
  queueTake(queue: string, consumer: string, options: QueueTakeOptions): Promise<QueueEntry[]> {
    return this.#watch(this.inner.queueTake(queue, consumer, options));
  }
  queueReclaim(queue: string, consumer: string, options: QueueReclaimOptions): Promise<QueueEntry[]> {
    return this.#watch(this.inner.queueReclaim(queue, consumer, options));
  }
  queueAck(queue: string, ids: readonly string[]): Promise<number> {
    return this.#watch(this.inner.queueAck(queue, ids));
  }
  queuePending(queue: string): Promise<number> {
    return this.#watch(this.inner.queuePending(queue));
  }
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    return this.#watch(this.inner.subscribe(channel, handler));
  }
  /** Closes nothing: the store belongs to whoever opened it. */
  async close(): Promise<void> {}
}
