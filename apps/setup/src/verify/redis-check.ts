import { RedisStore } from "@tradekit/cache";
import { maskUrl } from "@tradekit/config";
import pino from "pino";
import { type Check, fail, pass, skip } from "./check.js";

/** What the Redis check found, for health(). */
export interface RedisFacts {
  readonly url: string | null;
  readonly reachable: boolean | null;
  readonly version: string | null;
}

const TITLE = "redis reachable";

/** Connects to REDIS_URL when it is set and reads the server's version; skipped without it. */
export async function checkRedis(url: string | null): Promise<{ check: Check; facts: RedisFacts }> {
  if (url === null) {
    return {
      check: skip("redis.reachable", TITLE, "REDIS_URL is not set: processes use the in-memory store"),
      facts: { url: null, reachable: null, version: null },
    };
  }
  const masked = maskUrl(url);
  let store: RedisStore | undefined;
  try {
    store = await RedisStore.connect({ url, commandTimeoutMs: 3_000, logger: pino({ level: "silent" }) });
    const info = await store.client.info("server");
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
    return {
      check: pass("redis.reachable", TITLE, `Redis ${version} (${masked})`),
      facts: { url: masked, reachable: true, version },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      check: fail("redis.reachable", TITLE, `cannot reach Redis at ${masked}: ${message}`, "start Redis or fix REDIS_URL", true),
      facts: { url: masked, reachable: false, version: null },
    };
  } finally {
    await store?.close();
  }
}
