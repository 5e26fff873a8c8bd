/**
 * The store port: the Redis primitives the caches need, with a Redis and a memory implementation
 * side by side (redis-store.ts, memory-store.ts). Keys and channels arrive fully prefixed; the
 * store never invents a key. Every method of a Redis-backed store throws CacheUnavailableError
 * when Redis cannot answer in time.
 */

/** One write of an atomic batch (`exec`, `execIf`). Applied in order, all or nothing. */
export type WriteOp =
  | { op: "set"; key: string; value: string; ttlMs?: number }
  | { op: "del"; keys: readonly string[] }
  | { op: "hset"; key: string; fields: Readonly<Record<string, string>> }
  | { op: "hdel"; key: string; fields: readonly string[] }
  | { op: "pexpire"; key: string; ttlMs: number }
  | { op: "zadd"; key: string; score: number; member: string }
  | { op: "zrem"; key: string; members: readonly string[] }
  | { op: "zremRangeByScore"; key: string; min: number; max: number }
  | { op: "sadd"; key: string; members: readonly string[] }
  | { op: "srem"; key: string; members: readonly string[] }
  | { op: "rpush"; key: string; values: readonly string[] }
  | { op: "publish"; channel: string; message: string };

/** The current value of a string key, or of a hash field when `field` is given; null = absent. */
export interface Condition {
  key: string;
  field?: string;
  equals: string | null;
}

/** A message taken from a queue and not yet acknowledged. */
export interface QueueEntry {
  /** Stream id; pass it to `queueAck`. */
  id: string;
  payload: string;
}

export interface QueueTakeOptions {
  /** At most this many entries. */
  count: number;
  /** Wait up to this long for a first entry; 0 = do not wait. Blocking reads always end. */
  blockMs: number;
}

export interface QueueReclaimOptions {
  /** Entries taken by any consumer and not acknowledged for at least this long. */
  minIdleMs: number;
  count: number;
}

/** Stops a subscription. */
export type Unsubscribe = () => Promise<void>;

/** The primitives every cache is built from. */
export interface CacheStore {
  readonly kind: "redis" | "memory";
  get(key: string): Promise<string | null>;
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Remaining time to live in ms; -1 when the key has no expiry, -2 when it does not exist. */
  pttl(key: string): Promise<number>;
  /** SET NX: stores `value` only when `key` is absent; says whether it did. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  /** HGETALL of several hashes as one snapshot (no write lands between them). */
  hgetallMany(keys: readonly string[]): Promise<Record<string, string>[]>;
  smembers(key: string): Promise<string[]>;
  /** Members whose score is within [min, max], lowest score first. */
  zrangeByScore(key: string, min: number, max: number): Promise<string[]>;
  /** Applies every op atomically (MULTI/EXEC): no reader sees half of it. */
  exec(ops: readonly WriteOp[]): Promise<void>;
  /** Applies `ops` atomically only when `condition` holds at that instant; says whether it did. */
  execIf(condition: Condition, ops: readonly WriteOp[]): Promise<boolean>;
  /** Removes and returns up to `max` (default all) values from the head of a list, atomically. */
  listTake(key: string, max?: number): Promise<string[]>;
  /** Appends payloads to a reliable queue; returns their ids. */
  queuePush(queue: string, payloads: readonly string[]): Promise<string[]>;
  /** Takes never-delivered entries for `consumer`; they stay pending until acknowledged. */
  queueTake(queue: string, consumer: string, options: QueueTakeOptions): Promise<QueueEntry[]>;
  /** Moves entries pending too long (their consumer died) to `consumer` and returns them. */
  queueReclaim(queue: string, consumer: string, options: QueueReclaimOptions): Promise<QueueEntry[]>;
  /** Acknowledges (and removes) entries; returns how many were pending. */
  queueAck(queue: string, ids: readonly string[]): Promise<number>;
  /** How many entries were taken and not yet acknowledged. */
  queuePending(queue: string): Promise<number>;
  /** Calls `handler` for every message published on `channel` until unsubscribed. */
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
  /** Closes the store's own connections (a shared store is closed by closeCacheConnections). */
  close(): Promise<void>;
}

/** The consumer group every reliable queue uses. */
export const QUEUE_GROUP = "tradekit";
