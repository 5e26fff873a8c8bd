import { createTestDatabase, type TestDatabase } from "@tradekit/test-services";
import { inject } from "vitest";
import { closeDatabase, type Database, initDatabase } from "../src/index.js";

/** A migrated database of this test file's own, with the process pool opened on it. */
export interface MigratedTestDatabase extends TestDatabase {
  readonly database: Database;
}

/** A fixed test key: 32 bytes. */
export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 7);

/**
 * Clones the run's migrated template into a database of this file's own and opens the process
 * pool on it. Call `drop()` in afterAll: it closes the pool and drops the database.
 */
export async function openTestDatabase(label: string): Promise<MigratedTestDatabase> {
  const db = await createTestDatabase(label, { template: inject("ormTemplateDatabase") });
  const database = await initDatabase({
    url: db.url,
    poolSize: 4,
    statementTimeoutMs: 60_000,
    credentialsKey: TEST_CREDENTIALS_KEY,
  });
  const drop = async () => {
    await closeDatabase();
    await db.drop();
  };
  return { name: db.name, url: db.url, database, drop, [Symbol.asyncDispose]: drop };
}
