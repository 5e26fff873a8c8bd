import { CacheUnavailableError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeCacheConnections, RedisStore, TickCache } from "../src/index.js";
import { OwnRedisServer } from "./support/own-redis-server.js";

// A redis-server of this file's own that requires a password: a client with the wrong one (or
// none) must be told that authentication failed, not that Redis "did not answer".
describe("a Redis that refuses the password", () => {
  let server: OwnRedisServer;
  beforeAll(async () => {
    server = await OwnRedisServer.start({ requirepass: "right-secret" });
  });
  afterAll(async () => {
    await closeCacheConnections();
    await server?.kill();
  });

  it("a wrong password is reported as an authentication failure, the password masked", async () => {
    const error = await RedisStore.connect({ url: server.urlWithPassword("wrong-secret"), commandTimeoutMs: 1_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CacheUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/authentication failed/i);
    expect(message).toMatch(/WRONGPASS|invalid password|invalid username-password/i);
    expect(message).toMatch(/password in REDIS_URL/);
    expect(message).not.toMatch(/wrong-secret/);
    expect(message).not.toMatch(/Connection is closed/);
  });

  it("no password at all is reported as an authentication failure too", async () => {
    const error = await TickCache.open({
      redisUrl: server.urlWithPassword(null),
      keyPrefix: "auth:",
      commandTimeoutMs: 1_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheUnavailableError);
    expect((error as Error).message).toMatch(/authentication failed/i);
    expect((error as Error).message).toMatch(/NOAUTH/);
  });

  it("the right password connects", async () => {
    const store = await RedisStore.connect({ url: server.url, commandTimeoutMs: 1_000 });
    try {
      await store.exec([{ op: "set", key: "auth:probe", value: "1" }]);
      expect(await store.get("auth:probe")).toBe("1");
    } finally {
      await store.close();
    }
  });
});
