import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase, ensurePostgres, ensureRedis, redisUrl, sharedDataPath, testKeyPrefix } from "../src/index.js";

describe("test-services harness", () => {
  it("creates a database of its own and drops it afterwards", async () => {
    await ensurePostgres();
    const db = await createTestDatabase("harness");
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>("select current_database() as name");
    await client.end();
    expect(rows[0]?.name).toBe(db.name);
    await db.drop();
    const again = new pg.Client({ connectionString: db.url });
    await expect(again.connect()).rejects.toThrow(/does not exist/);
  });

  it("clones a template database", async () => {
    await using template = await createTestDatabase("template");
    const setup = new pg.Client({ connectionString: template.url });
    await setup.connect();
    await setup.query("create table marker (id int primary key); insert into marker values (42)");
    await setup.end();
    await using clone = await createTestDatabase("clone", { template: template.name });
    const client = new pg.Client({ connectionString: clone.url });
    await client.connect();
    const { rows } = await client.query<{ id: number }>("select id from marker");
    await client.end();
    expect(rows).toEqual([{ id: 42 }]);
  });

  it("gives each file its own Redis key prefix", async () => {
    await ensureRedis();
    const a = testKeyPrefix("same label");
    const b = testKeyPrefix("same label");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^tk_same_label_\d+_[0-9a-f]{8}:$/);
    const redis = new Redis(redisUrl());
    await redis.set(`${a}k`, "1");
    expect(await redis.get(`${b}k`)).toBeNull();
    await redis.del(`${a}k`);
    redis.disconnect();
  });

  it("finds the shared data and names where it looked when a file is missing", () => {
    expect(sharedDataPath("freqtrade/UNITTEST_BTC-1m.json")).toMatch(/UNITTEST_BTC-1m\.json$/);
    expect(() => sharedDataPath("nope/missing.json")).toThrow(/nope\/missing\.json not found; looked in/);
  });
});
