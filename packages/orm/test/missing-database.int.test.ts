// migrate() pointed at a database that does not exist says so and creates nothing (issue 16).
import { DatabaseUnavailableError } from "@tradekit/domain";
import { adminDatabaseUrl, databaseUrlFor, uniqueName } from "@tradekit/test-services";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { Database, migrate } from "../src/index.js";
import { TEST_CREDENTIALS_KEY } from "./test-database.js";

const missing = uniqueName("orm_missing");

async function exists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    return (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

describe("a trading database that does not exist", () => {
  afterAll(async () => {
    // Only if a regression created it.
    if (await exists(missing)) {
      const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
      await admin.connect();
      await admin.query(`drop database if exists "${missing}"`);
      await admin.end();
    }
  });

  it("is refused by migrate() with DatabaseUnavailableError saying it is missing, and is not created", async () => {
    const error = await migrate({ url: databaseUrlFor(missing) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/does not exist/);
    expect(await exists(missing)).toBe(false);
  });

  it("is refused by Database.connect the same way", async () => {
    const error = await Database.connect({
      url: databaseUrlFor(missing),
      poolSize: 1,
      credentialsKey: TEST_CREDENTIALS_KEY,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/does not exist/);
    expect(await exists(missing)).toBe(false);
  });
});
