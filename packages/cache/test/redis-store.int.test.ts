import { ensureRedis } from "@tradekit/test-services";
import { afterAll, beforeAll, describe } from "vitest";
import { cachesContract } from "./contract/caches-contract.js";
import { storeContract } from "./contract/store-contract.js";
import { RedisFixture } from "./support/redis-fixture.js";

// The Redis store against the same contract as the memory store (memory-store.test.ts).
describe("RedisStore", () => {
  const redis = new RedisFixture("cache_contract");
  beforeAll(ensureRedis);
  afterAll(() => redis.close());
  storeContract(redis.fresh);
  cachesContract(redis.fresh);
});
