import pino, { type Logger } from "pino";
import type {
  CacheStore,
  Condition,
  QueueEntry,
  QueueReclaimOptions,
  QueueTakeOptions,
  Unsubscribe,
  WriteOp,
} from "./cache-store.js";
import { MemoryQueue } from "./memory-queue.js";

type Value = string | Map<string, string> | Set<string> | string[];

interface Entry {
  value: Value;
  expiresAt: number | null;
}

/**
 * The store of a single-process run: Redis semantics (expiry, atomic batches, reliable queues,
 * publish/subscribe) in memory. Everything is synchronous inside one call, so every batch is
 * atomic by construction; expiry is checked on every access, so an expired key is never seen.
 */
export class MemoryStore implements CacheStore {
  readonly kind = "memory";
  readonly #data = new Map<string, Entry>();
  readonly #zsets = new Map<string, Map<string, number>>();
  readonly #queues = new Map<string, MemoryQueue>();
  readonly #channels = new Map<string, Set<(message: string) => void>>();
  readonly #logger: Logger;

  constructor(options: { logger?: Logger } = {}) {
    this.#logger = options.logger ?? pino({ name: "@tradekit/cache", level: process.env.LOG_LEVEL ?? "info" });
  }

  async get(key: string): Promise<string | null> {
    return this.#string(key);
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((k) => this.#string(k));
  }

  async pttl(key: string): Promise<number> {
    const entry = this.#entry(key);
    if (!entry) return this.#zsets.has(key) ? -1 : -2;
    return entry.expiresAt === null ? -1 : Math.max(0, entry.expiresAt - Date.now());
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    if (this.#entry(key)) return false;
    this.#apply({ op: "set", key, value, ttlMs });
    return true;
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.#hash(key)?.get(field) ?? null;
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.#hash(key) ?? []);
  }

  async hgetallMany(keys: readonly string[]): Promise<Record<string, string>[]> {
    return keys.map((k) => Object.fromEntries(this.#hash(k) ?? []));
  }

  async smembers(key: string): Promise<string[]> {
    const value = this.#entry(key)?.value;
    return value instanceof Set ? [...value] : [];
  }

  async zrangeByScore(key: string, min: number, max: number): Promise<string[]> {
    return [...(this.#zsets.get(key) ?? [])]
      .filter(([, s]) => s >= min && s <= max)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .map(([m]) => m);
  }

  async exec(ops: readonly WriteOp[]): Promise<void> {
    for (const op of ops) this.#apply(op);
  }

  async execIf(condition: Condition, ops: readonly WriteOp[]): Promise<boolean> {
    const current =
      condition.field === undefined ? this.#string(condition.key) : (this.#hash(condition.key)?.get(condition.field) ?? null);
    if (current !== condition.equals) return false;
    for (const op of ops) this.#apply(op);
    return true;
  }

  async listTake(key: string, max?: number): Promise<string[]> {
    const entry = this.#entry(key);
    if (!entry || !Array.isArray(entry.value)) return [];
    const taken = entry.value.splice(0, max ?? entry.value.length);
    if (entry.value.length === 0) this.#data.delete(key);
    return taken;
  }

  async queuePush(queue: string, payloads: readonly string[]): Promise<string[]> {
    return this.#queue(queue).push(payloads);
  }

  async queueTake(queue: string, consumer: string, options: QueueTakeOptions): Promise<QueueEntry[]> {
    return this.#queue(queue).take(consumer, options);
  }

  async queueReclaim(queue: string, consumer: string, options: QueueReclaimOptions): Promise<QueueEntry[]> {
    return this.#queue(queue).reclaim(consumer, options);
  }

  async queueAck(queue: string, ids: readonly string[]): Promise<number> {
    return this.#queue(queue).ack(ids);
  }

  async queuePending(queue: string): Promise<number> {
    return this.#queue(queue).pending;
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    const handlers = this.#channels.get(channel) ?? new Set();
    this.#channels.set(channel, handlers);
    // A wrapper per call, so subscribing the same function twice gives two independent subscriptions.
    const wrapped = (message: string) => handler(message);
    handlers.add(wrapped);
    return async () => {
      handlers.delete(wrapped);
    };
  }

  async close(): Promise<void> {
    // Nothing to release: the data lives as long as the store object.
  }

  #entry(key: string): Entry | undefined {
    const entry = this.#data.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.#data.delete(key);
      return undefined;
    }
    return entry;
  }

  #string(key: string): string | null {
    const value = this.#entry(key)?.value;
    return typeof value === "string" ? value : null;
  }

  #hash(key: string): Map<string, string> | undefined {
    const value = this.#entry(key)?.value;
    return value instanceof Map ? value : undefined;
  }

  #queue(name: string): MemoryQueue {
    const queue = this.#queues.get(name) ?? new MemoryQueue();
    this.#queues.set(name, queue);
    return queue;
  }

  #collection<T extends Value>(key: string, make: () => T): T {
    const entry = this.#entry(key);
    if (entry) return entry.value as T;
    const value = make();
    this.#data.set(key, { value, expiresAt: null });
    return value;
  }

  #dropIfEmpty(key: string, size: number): void {
    if (size === 0) this.#data.delete(key);
  }

  #apply(op: WriteOp): void {
    switch (op.op) {
      case "set":
        this.#data.set(op.key, { value: op.value, expiresAt: op.ttlMs === undefined ? null : Date.now() + op.ttlMs });
        return;
      case "del":
        for (const k of op.keys) {
          this.#data.delete(k);
          this.#zsets.delete(k);
        }
        return;
      case "hset": {
        const hash = this.#collection(op.key, () => new Map<string, string>());
        for (const [f, v] of Object.entries(op.fields)) hash.set(f, v);
        return;
      }
      case "hdel": {
        const hash = this.#hash(op.key);
        if (!hash) return;
        for (const f of op.fields) hash.delete(f);
        this.#dropIfEmpty(op.key, hash.size);
        return;
      }
      case "pexpire": {
        const entry = this.#entry(op.key);
        if (entry) entry.expiresAt = Date.now() + op.ttlMs;
        return;
      }
      case "zadd": {
        const zset = this.#zsets.get(op.key) ?? new Map<string, number>();
        this.#zsets.set(op.key, zset);
        zset.set(op.member, op.score);
        return;
      }
      case "zrem":
      case "zremRangeByScore": {
        const zset = this.#zsets.get(op.key);
        if (!zset) return;
        if (op.op === "zrem") for (const m of op.members) zset.delete(m);
        else for (const [m, s] of zset) if (s >= op.min && s <= op.max) zset.delete(m);
        if (zset.size === 0) this.#zsets.delete(op.key);
        return;
      }
      case "sadd": {
        const set = this.#collection(op.key, () => new Set<string>());
        for (const m of op.members) set.add(m);
        return;
      }
      case "srem": {
        const value = this.#entry(op.key)?.value;
        if (!(value instanceof Set)) return;
        for (const m of op.members) value.delete(m);
        this.#dropIfEmpty(op.key, value.size);
        return;
      }
      case "rpush":
        this.#collection<string[]>(op.key, () => []).push(...op.values);
        return;
      case "publish":
        for (const handler of this.#channels.get(op.channel) ?? []) {
          // Redis delivers on another connection, after the publisher's call returns: so here.
          setImmediate(() => {
            try {
              handler(op.message);
            } catch (error) {
              // As with Redis: a failing handler is reported, and neither the publisher nor the other handlers see it.
              this.#logger.error({ err: error, channel: op.channel }, "a cache subscription handler threw");
            }
          });
        }
        return;
    }
  }
}
