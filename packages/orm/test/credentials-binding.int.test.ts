// Credentials are bound to their account and column, and their plaintext is no enumerable
// property (issue 16, "Also wrong").
import { ValidationError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../src/index.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("exchange credentials at rest", () => {
  let testDb: MigratedTestDatabase;
  let alice: number;
  let bob: number;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_credentials_binding");
    const user = await withDatabase((db) => db.users.create({ username: "binding" }));
    await withDatabase((db) => db.exchanges.install({ name: "kraken" }));
    const add = (name: string, apiKey: string, apiSecret: string) =>
      withDatabase((db) =>
        db.exchanges.addAccount({ userId: user.id, exchange: "kraken", name, credentials: { apiKey, apiSecret } }),
      );
    alice = (await add("alice", "alice-key", "alice-secret")).id;
    bob = (await add("bob", "bob-key", "bob-secret")).id;
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("refuses a ciphertext copied from another account", async () => {
    await withDatabase((db) =>
      db.execute(
        "update exchange_accounts set api_secret = (select api_secret from exchange_accounts where id = $1) where id = $2",
        [alice, bob],
      ),
    );
    const error = await withDatabase((db) => db.exchanges.getCredentials(bob)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/another account or column/);
    expect((error as Error).message).not.toContain("alice-secret");
  });

  it("refuses a key and secret swapped", async () => {
    await withDatabase((db) =>
      db.execute("update exchange_accounts set api_key = api_secret, api_secret = api_key where id = $1", [alice]),
    );
    await expect(withDatabase((db) => db.exchanges.getCredentials(alice))).rejects.toBeInstanceOf(ValidationError);
  });

  it("keeps the plaintext out of spreads and Object.entries", async () => {
    await withDatabase((db) =>
      db.exchanges.setCredentials(alice, { apiKey: "k-123", apiSecret: "s-456", apiPassphrase: "p-789" }),
    );
    const credentials = await withDatabase((db) => db.exchanges.getCredentials(alice));
    expect([credentials.apiKey, credentials.apiSecret, credentials.apiPassphrase]).toEqual(["k-123", "s-456", "p-789"]);
    const shown = JSON.stringify([{ ...credentials }, Object.entries(credentials), Object.values(credentials)]);
    for (const secret of ["k-123", "s-456", "p-789"]) expect(shown).not.toContain(secret);
    expect({ ...credentials }).toEqual({ accountId: alice });
  });
});
