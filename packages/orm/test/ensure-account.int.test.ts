import { ValidationError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCOUNT_NAME, withDatabase } from "../src/index.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("ExchangeRepository.ensureAccount", () => {
  let testDb: MigratedTestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_ensure_account");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("creates the user, the exchange and the account in one call, and a first fill saves on it", async () => {
    const account = await withDatabase((db) => db.exchanges.ensureAccount({ username: "alice", exchange: "binance" }));
    expect(account).toMatchObject({ exchange: "binance", name: DEFAULT_ACCOUNT_NAME, testnet: false, active: true });
    const [user, exchange] = await withDatabase((db) =>
      Promise.all([db.users.getByUsername("alice"), db.exchanges.getByName("binance")]),
    );
    expect([account.userId, account.catalogExchangeId]).toEqual([user.id, exchange.id]);
    const [fill] = await withDatabase((db) =>
      db.trades.saveTrades([
        { exId: account.id, exTradeId: "f-1", symbol: "BTC/USDT", side: "buy", volume: "0.5", price: "67000", time: 0 },
      ]),
    );
    expect(fill?.exId).toBe(account.id);
  });

  it("returns the same account on a second call, and creates only what is missing", async () => {
    const first = await withDatabase((db) => db.exchanges.ensureAccount({ username: "bob", exchange: "kraken", name: "spot" }));
    const again = await withDatabase((db) => db.exchanges.ensureAccount({ username: "bob", exchange: "kraken", name: "spot" }));
    expect(again).toEqual(first);
    // an existing user and exchange, a new account name: one more account, same user and exchange
    const futures = await withDatabase((db) =>
      db.exchanges.ensureAccount({ username: "bob", exchange: "kraken", name: "futures", testnet: true }),
    );
    expect(futures.id).not.toBe(first.id);
    expect([futures.userId, futures.catalogExchangeId, futures.testnet]).toEqual([first.userId, first.catalogExchangeId, true]);
    // made by the other calls, found by this one
    await withDatabase((db) => db.users.create({ username: "carol" }));
    await withDatabase((db) => db.exchanges.install({ name: "bybit" }));
    const carol = await withDatabase((db) => db.exchanges.ensureAccount({ username: "carol", exchange: "bybit" }));
    expect((await withDatabase((db) => db.exchanges.getAccountsByUser(carol.userId))).map((a) => a.id)).toEqual([carol.id]);
  });

  it("gives two concurrent callers the one account the first created", async () => {
    const both = await Promise.all(
      [1, 2, 3].map(() => withDatabase((db) => db.exchanges.ensureAccount({ username: "dave", exchange: "okx" }))),
    );
    expect(new Set(both.map((a) => a.id)).size).toBe(1);
    const users = await testDb.database.sql.execute<{ n: string }>(
      "select count(*)::text as n from users where username = 'dave'",
    );
    expect(users[0]?.n).toBe("1");
  });

  it("refuses an account name the user already has at another exchange, naming both", async () => {
    await withDatabase((db) => db.exchanges.ensureAccount({ username: "erin", exchange: "binance", name: "main" }));
    const error = await withDatabase((db) =>
      db.exchanges.ensureAccount({ username: "erin", exchange: "kraken", name: "main" }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/exchange must be "binance".*account "main".*got "kraken"/);
  });

  it("refuses a missing name with a ValidationError naming the field", async () => {
    const error = await withDatabase((db) => db.exchanges.ensureAccount({ username: " ", exchange: "binance" })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ field: "username" });
    expect(error).toBeInstanceOf(ValidationError);
  });
});
