import { Redis } from "ioredis";
import { ServiceUnavailable } from "./service-unavailable.js";
import { uniqueName } from "./unique-name.js";

const HOW_TO_START =
  "Start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no` " +
  "(or `bash .ci/run`, which installs and starts it), or point REDIS_URL at a running server.";

/** The Redis the integration tests use. */
export function redisUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}

/** A key prefix of its own for one test file, ending in ':'. */
export function testKeyPrefix(label: string): string {
  return `${uniqueName(label)}:`;
}

/** Throws ServiceUnavailable (with how to start it) when the test Redis is down. */
export async function ensureRedis(): Promise<void> {
  const client = new Redis(redisUrl(), {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
  } catch (cause) {
    throw new ServiceUnavailable("Redis", redisUrl(), HOW_TO_START, { cause });
  } finally {
    client.disconnect();
  }
}
