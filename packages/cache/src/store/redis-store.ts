import { createHash } from "node:crypto";
import { CacheUnavailableError } from "@tradekit/domain";
import type { Redis } from "ioredis";
import pino, { type Logger } from "pino";
import {
  type CacheStore,
  type Condition,
  QUEUE_GROUP,
  type QueueEntry,
  type QueueReclaimOptions,
  type QueueTakeOptions,
  type Unsubscribe,
  type WriteOp,
} from "./cache-store.js";
import { connectRedis } from "./redis-client.js";
import { EXEC_IF_LUA, isEffective, keysOf, queueOp, toRedisArgs } from "./redis-commands.js";
import { isNoGroup, toCacheError } from "./redis-errors.js";
import { RedisSubscriber } from "./redis-subscriber.js";

export interface RedisStoreOptions {
  url: string;
  /** Every command fails with CacheUnavailableError after this long (default 2000). */
  commandTimeoutMs?: number;
  logger?: Logger;
}

type StreamEntries = [id: string, fields: string[] | null][];

const EXEC_IF_SHA = createHash("sha1").update(EXEC_IF_LUA).digest("hex");

/**
 * The Redis store: one command connection, one subscriber connection made on the first
 * subscribe, and blocking-read connections made on demand (a blocking read would stall every
 * other command on a shared connection).
 */
export class RedisStore implements CacheStore {
  readonly kind = "redis";
  readonly #blockingFree: Redis[] = [];
  readonly #blockingAll = new Set<Redis>();
  readonly #groups = new Set<string>();
  #subscriber: Promise<RedisSubscriber> | undefined;

  private constructor(
    readonly client: Redis,
    readonly options: Required<RedisStoreOptions>,
  ) {}

  /** Connects (failing with CacheUnavailableError within the timeout when Redis is down). */
  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const full = {
      url: options.url,
      commandTimeoutMs: options.commandTimeoutMs ?? 2_000,
      logger: options.logger ?? pino({ name: "@tradekit/cache", level: process.env.LOG_LEVEL ?? "info" }),
    };
    return new RedisStore(await connectRedis(full, { connectionName: `tradekit-cache:${process.pid}` }), full);
  }

  get(key: string): Promise<string | null> {
    return this.#run("GET", () => this.client.get(key));
  }

  mget(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.#run("MGET", () => this.client.mget(...keys));
  }

  pttl(key: string): Promise<number> {
    return this.#run("PTTL", () => this.client.pttl(key));
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const reply = await this.#run("SET NX", () =>
      ttlMs === undefined
        ? this.client.set(key, value, "NX")
        : this.client.set(key, value, "PX", Math.max(1, Math.ceil(ttlMs)), "NX"),
    );
    return reply === "OK";
  }

  hget(key: string, field: string): Promise<string | null> {
    return this.#run("HGET", () => this.client.hget(key, field));
  }

  hgetall(key: string): Promise<Record<string, string>> {
    return this.#run("HGETALL", () => this.client.hgetall(key));
  }

  async hgetallMany(keys: readonly string[]): Promise<Record<string, string>[]> {
    if (keys.length === 0) return [];
    return this.#run("MULTI HGETALL", async () => {
      const multi = this.client.multi();
      for (const k of keys) multi.hgetall(k);
      return checkExec(await multi.exec()) as Record<string, string>[];
    });
  }

  smembers(key: string): Promise<string[]> {
    return this.#run("SMEMBERS", () => this.client.smembers(key));
  }

  zrangeByScore(key: string, min: number, max: number): Promise<string[]> {
    return this.#run("ZRANGEBYSCORE", () => this.client.zrangebyscore(key, min, max));
  }

  async exec(ops: readonly WriteOp[]): Promise<void> {
    const effective = ops.filter(isEffective);
    if (effective.length === 0) return;
    await this.#run("MULTI", async () => {
      if (effective.length === 1) return queueOp(this.client, effective[0] as WriteOp);
      const multi = this.client.multi();
      for (const op of effective) queueOp(multi, op);
      return checkExec(await multi.exec());
    });
  }

  async execIf(condition: Condition, ops: readonly WriteOp[]): Promise<boolean> {
    const effective = ops.filter(isEffective);
    const keys = [condition.key, ...new Set(effective.flatMap(keysOf))];
    const args = [
      condition.field ?? "",
      condition.equals === null ? "0" : "1",
      condition.equals ?? "",
      JSON.stringify(effective.map(toRedisArgs)),
    ];
    const reply = await this.#run("execIf script", async () => {
      try {
        return await this.client.evalsha(EXEC_IF_SHA, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
        return this.client.eval(EXEC_IF_LUA, keys.length, ...keys, ...args);
      }
    });
    return reply === 1;
  }

  async listTake(key: string, max?: number): Promise<string[]> {
    const reply = await this.#run("LRANGE+LTRIM", async () =>
      checkExec(
        await this.client
          .multi()
          .lrange(key, 0, max === undefined ? -1 : max - 1)
          .ltrim(key, max === undefined ? 1 : max, max === undefined ? 0 : -1)
          .exec(),
      ),
    );
    return reply[0] as string[];
  }

  async queuePush(queue: string, payloads: readonly string[]): Promise<string[]> {
    if (payloads.length === 0) return [];
    await this.#ensureGroup(queue);
    const replies = await this.#run("XADD", async () => {
      const multi = this.client.multi();
      for (const p of payloads) multi.xadd(queue, "*", "p", p);
      return checkExec(await multi.exec());
    });
    return replies as string[];
  }

  async queueTake(queue: string, consumer: string, { count, blockMs }: QueueTakeOptions): Promise<QueueEntry[]> {
    await this.#ensureGroup(queue);
    const read = (client: Redis) =>
      blockMs > 0
        ? client.xreadgroup("GROUP", QUEUE_GROUP, consumer, "COUNT", count, "BLOCK", blockMs, "STREAMS", queue, ">")
        : client.xreadgroup("GROUP", QUEUE_GROUP, consumer, "COUNT", count, "STREAMS", queue, ">");
    const reply = (await this.#withGroup(queue, () =>
      blockMs > 0 ? this.#blocking(blockMs, read) : this.#run("XREADGROUP", () => read(this.client)),
    )) as [string, StreamEntries][] | null;
    return toEntries(reply?.[0]?.[1] ?? []);
  }

  async queueReclaim(queue: string, consumer: string, { minIdleMs, count }: QueueReclaimOptions): Promise<QueueEntry[]> {
    await this.#ensureGroup(queue);
    const claimed: QueueEntry[] = [];
    let cursor = "0-0";
    do {
      const start = cursor;
      const reply = (await this.#withGroup(queue, () =>
        this.#run("XAUTOCLAIM", () =>
          this.client.xautoclaim(queue, QUEUE_GROUP, consumer, minIdleMs, start, "COUNT", count - claimed.length),
        ),
      )) as [string, StreamEntries];
      cursor = reply[0];
      claimed.push(...toEntries(reply[1]));
    } while (cursor !== "0-0" && claimed.length < count);
    return claimed;
  }

  async queueAck(queue: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const replies = await this.#run("XACK", async () =>
      checkExec(
        await this.client
          .multi()
          .xack(queue, QUEUE_GROUP, ...ids)
          .xdel(queue, ...ids)
          .exec(),
      ),
    );
    return replies[0] as number;
  }

  async queuePending(queue: string): Promise<number> {
    await this.#ensureGroup(queue);
    const reply = (await this.#withGroup(queue, () => this.#run("XPENDING", () => this.client.xpending(queue, QUEUE_GROUP)))) as [
      number,
    ];
    return reply[0];
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    this.#subscriber ??= RedisSubscriber.connect(this.options).catch((error: unknown) => {
      this.#subscriber = undefined;
      throw error;
    });
    return (await this.#subscriber).subscribe(channel, handler);
  }

  async close(): Promise<void> {
    // A subscriber that failed to connect already threw to its subscribe() caller; there is
    // nothing left to close for it.
    const subscriber = await this.#subscriber?.catch(() => undefined);
    this.#subscriber = undefined;
    await subscriber?.close();
    for (const c of this.#blockingAll) c.disconnect();
    this.#blockingAll.clear();
    this.#blockingFree.length = 0;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  async #run<T>(what: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw toCacheError(error, this.options.url, what);
    }
  }

  async #ensureGroup(queue: string): Promise<void> {
    if (this.#groups.has(queue)) return;
    await this.#run("XGROUP CREATE", async () => {
      try {
        // From id 0, so entries pushed before the group existed are delivered too.
        await this.client.xgroup("CREATE", queue, QUEUE_GROUP, "0", "MKSTREAM");
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
      }
    });
    this.#groups.add(queue);
  }

  /** Runs a group command; when Redis came back empty (no group), recreates the group once. */
  async #withGroup<T>(queue: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (!isNoGroup(error) && !isNoGroup((error as Error).cause)) throw error;
      this.#groups.delete(queue);
      await this.#ensureGroup(queue);
      return command();
    }
  }

  /** A blocking read on a connection of its own, bounded by blockMs + the command timeout. */
  async #blocking<T>(blockMs: number, read: (client: Redis) => Promise<T>): Promise<T> {
    let client = this.#blockingFree.pop();
    if (!client) {
      client = await connectRedis(this.options, {
        commandTimeout: undefined,
        connectionName: `tradekit-cache-blocking:${process.pid}`,
      });
      this.#blockingAll.add(client);
    }
    const connection = client;
    let timer: NodeJS.Timeout | undefined;
    const limit = blockMs + this.options.commandTimeoutMs;
    try {
      const result = await Promise.race([
        read(connection),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CacheUnavailableError(`a blocking read did not return within ${limit} ms`)), limit);
        }),
      ]);
      this.#blockingFree.push(connection);
      return result;
    } catch (error) {
      // The connection's state is unknown after a failure: drop it rather than reuse it.
      this.#blockingAll.delete(connection);
      connection.disconnect();
      throw toCacheError(error, this.options.url, "a blocking read");
    } finally {
      clearTimeout(timer);
    }
  }
}

function checkExec(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new CacheUnavailableError("a Redis transaction was aborted");
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

function toEntries(entries: StreamEntries): QueueEntry[] {
  const out: QueueEntry[] = [];
  for (const [id, fields] of entries) {
    // A null entry was deleted while pending; there is nothing left to deliver.
    if (fields) out.push({ id, payload: fields[1] ?? "" });
  }
  return out;
}
