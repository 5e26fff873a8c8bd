import { DatabaseUnavailableError, DuplicateError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogExchangeEntity, ExchangeAccountEntity, UserEntity } from "../src/entities/index.js";
import { Database, DatabaseContext, EncryptedSecret, withDatabase } from "../src/index.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

const countUsers = async (): Promise<number> => {
  await using db = await DatabaseContext.open();
  const [row] = await db.execute<{ n: number }>("select count(*)::int as n from users");
  return row?.n ?? -1;
};

describe("DatabaseContext", () => {
  let testDb: MigratedTestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_context");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("commits what commit() commits", async () => {
    {
      await using db = await DatabaseContext.open();
      db.em.create(UserEntity, { username: "committed" });
      await db.commit();
    }
    const rows = await withDatabase((db) =>
      db.execute<{ username: string }>("select username from users where username = $1", ["committed"]),
    );
    expect(rows).toEqual([{ username: "committed" }]);
  });

  it("rolls back a scope left without commit, and one left by an exception", async () => {
    const before = await countUsers();
    {
      await using db = await DatabaseContext.open();
      await db.execute("insert into users (username, created_at) values ($1, now())", ["never-committed"]);
    }
    await expect(
      withDatabase(async (db) => {
        db.em.create(UserEntity, { username: "thrown" });
        await db.em.flush();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await countUsers()).toBe(before);
  });

  it("binds parameters instead of splicing them into SQL", async () => {
    const hostile = "x'); drop table users; --";
    const rows = await withDatabase((db) => db.execute<{ v: string }>("select $1::text as v", [hostile]));
    expect(rows[0]?.v).toBe(hostile);
    expect(await countUsers()).toBeGreaterThanOrEqual(1);
  });

  it("raises DuplicateError for a unique violation, with the driver error as cause", async () => {
    const error = await withDatabase(async (db) => {
      db.em.create(UserEntity, { username: "twice" });
      db.em.create(UserEntity, { username: "twice" });
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateError);
    expect((error as DuplicateError).cause).toBeDefined();
  });

  it("answers a health check with the server version", async () => {
    await using db = await DatabaseContext.open();
    const health = await db.healthCheck();
    expect(health.ok).toBe(true);
    expect(health.serverVersion).toMatch(/^\d+/);
    // The pool applies the configured statement timeout to every connection.
    const [timeout] = await db.execute<{ statement_timeout: string }>("show statement_timeout");
    expect(timeout?.statement_timeout).toBe("1min");
  });

  it("stores exchange credentials encrypted: no plaintext in the table, hidden from JSON", async () => {
    const apiKey = "AKIA-plain-api-key-123";
    const apiSecret = "super-secret-value-456";
    const accountId = await withDatabase(async (db) => {
      const cipher = db.credentials;
      if (!cipher) throw new Error("test database opened without a credentials key");
      const user = db.em.create(UserEntity, { username: "alice" });
      const exchange = db.em.create(CatalogExchangeEntity, { name: "binance" });
      const account = db.em.create(ExchangeAccountEntity, {
        user,
        catalogExchange: exchange,
        name: "main",
        apiKey: cipher.seal(apiKey),
        apiSecret: cipher.seal(apiSecret),
      });
      await db.em.flush();
      expect(JSON.stringify(account)).not.toContain(apiKey);
      expect(JSON.stringify(account)).not.toContain(apiSecret);
      return account.id;
    });
    const [raw] = await withDatabase((db) =>
      db.execute<Record<string, string>>("select api_key, api_secret from exchange_accounts where id = $1", [accountId]),
    );
    expect(raw?.api_key).toBeTruthy();
    expect(raw?.api_key).not.toContain(apiKey);
    expect(raw?.api_secret).not.toContain(apiSecret);
    expect(Buffer.from(String(raw?.api_secret).split(".")[3] ?? "", "base64").toString("utf8")).not.toContain(apiSecret);

    await withDatabase(async (db) => {
      const account = await db.em.findOneOrFail(ExchangeAccountEntity, accountId);
      expect(account.apiKey).toBeInstanceOf(EncryptedSecret);
      expect(String(account.apiKey)).toBe("[encrypted]");
      expect(db.credentials?.open(account.apiKey as EncryptedSecret)).toBe(apiKey);
      expect(db.credentials?.open(account.apiSecret as EncryptedSecret)).toBe(apiSecret);
    });
  });

  it("raises DatabaseUnavailableError when the server cannot be reached", async () => {
    const error = await Database.connect({ url: "postgres://postgres@127.0.0.1:1/none", connectTimeoutMs: 2_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as DatabaseUnavailableError).cause).toBeDefined();
  });
});
