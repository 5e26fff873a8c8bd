// A connection lost under an open context (its backend terminated: only backends these tests
// opened themselves) must surface as DatabaseUnavailableError, free its pool slot, and let the
// pool close (issue 16, items 2 and 5).
import { DatabaseUnavailableError } from "@tradekit/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database, DatabaseContext, withDatabase } from "../src/index.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

/** Terminates the backend serving `db`'s transaction, from a connection of this test's own. */
async function killBackend(admin: pg.Client, db: DatabaseContext): Promise<void> {
  const [row] = await db.execute<{ pid: number }>("select pg_backend_pid() as pid");
  await admin.query("select pg_terminate_backend($1)", [row?.pid]);
  // Give the client time to read the server's goodbye.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms)),
  ]);

describe("a connection lost under an open context", () => {
  let testDb: MigratedTestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_connection_loss");
    admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await testDb.drop();
  });

  it("frees its pool slot: after two losses on a pool of two, contexts open and close() finishes", async () => {
    const database = await Database.connect({ url: testDb.url, poolSize: 2, connectTimeoutMs: 3_000, credentialsKey: null });
    try {
      for (let i = 0; i < 2; i++) {
        const db = await DatabaseContext.open(database);
        await killBackend(admin, db);
        await expect(db.commit()).rejects.toBeInstanceOf(DatabaseUnavailableError);
      }
      for (let i = 0; i < 4; i++) {
        const rows = await withDatabase((db) => db.execute<{ one: number }>("select 1 as one"), database);
        expect(rows).toEqual([{ one: 1 }]);
      }
    } finally {
      await within(database.close(), 10_000, "Database.close()");
    }
  }, 60_000);

  it("reaches withDatabase's caller as DatabaseUnavailableError, not SuppressedError", async () => {
    const database = await Database.connect({ url: testDb.url, poolSize: 2, connectTimeoutMs: 3_000, credentialsKey: null });
    try {
      const error = await withDatabase(async (db) => {
        await killBackend(admin, db);
        await db.execute("select 1");
      }, database).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await within(database.close(), 10_000, "Database.close()");
    }
  }, 60_000);

  it("reaches an await using scope as DatabaseUnavailableError when it fails inside", async () => {
    const database = await Database.connect({ url: testDb.url, poolSize: 1, connectTimeoutMs: 3_000, credentialsKey: null });
    try {
      const attempt = async () => {
        await using db = await DatabaseContext.open(database);
        await killBackend(admin, db);
        await db.users.list();
      };
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      // The one slot came back: the pool serves the next context.
      expect(await withDatabase((db) => db.users.list(), database)).toEqual([]);
    } finally {
      await within(database.close(), 10_000, "Database.close()");
    }
  }, 60_000);
});
