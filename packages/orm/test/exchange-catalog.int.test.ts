import { inspect } from "node:util";
import { ConfigError, ConstraintViolation, Decimal, DuplicateError, NotFoundError, ValidationError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database, DatabaseContext, ExchangeCredentials, withDatabase } from "../src/index.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("users, catalog exchanges, accounts and symbols", () => {
  let testDb: MigratedTestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_exchange_catalog");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("creates, finds, renames and deletes users; duplicates and bad input are typed errors", async () => {
    const alice = await withDatabase((db) => db.users.create({ username: "alice", email: "a@example.com" }));
    expect(alice).toMatchObject({ username: "alice", email: "a@example.com" });
    expect(Object.isFrozen(alice)).toBe(true);
    await expect(withDatabase((db) => db.users.create({ username: "alice" }))).rejects.toBeInstanceOf(DuplicateError);
    // The duplicate does not poison the transaction: the same context keeps working.
    const bob = await withDatabase(async (db) => {
      await expect(db.users.create({ username: "alice" })).rejects.toBeInstanceOf(DuplicateError);
      return db.users.create({ username: "bob" });
    });
    expect((await withDatabase((db) => db.users.getByUsername("bob"))).id).toBe(bob.id);
    expect(await withDatabase((db) => db.users.findByUsername("nobody"))).toBeUndefined();
    await expect(withDatabase((db) => db.users.getById(987_654))).rejects.toBeInstanceOf(NotFoundError);
    const error = await withDatabase((db) => db.users.create({ username: "  " })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("username");
    await expect(withDatabase((db) => db.users.update(bob.id, { username: "alice" }))).rejects.toBeInstanceOf(DuplicateError);
    expect((await withDatabase((db) => db.users.update(bob.id, { email: "b@example.com" }))).email).toBe("b@example.com");
    await withDatabase((db) => db.users.delete(bob.id));
    await expect(withDatabase((db) => db.users.delete(bob.id))).rejects.toBeInstanceOf(NotFoundError);
    expect((await withDatabase((db) => db.users.list())).map((u) => u.username)).toContain("alice");
  });

  it("installs a catalog exchange with params, changes and removes params, refuses a second install", async () => {
    const ex = await withDatabase((db) =>
      db.exchanges.install({ name: "kraken", url: "https://kraken.com", params: [{ name: "rateLimitMs", value: "1000" }] }),
    );
    expect(ex.params).toEqual([{ name: "rateLimitMs", value: "1000", description: null }]);
    await expect(withDatabase((db) => db.exchanges.install({ name: "kraken" }))).rejects.toBeInstanceOf(DuplicateError);
    const changed = await withDatabase((db) => db.exchanges.setParam(ex.id, { name: "rateLimitMs", value: "500" }));
    expect(changed.params[0]?.value).toBe("500");
    const added = await withDatabase((db) => db.exchanges.setParam(ex.id, { name: "apiUrl", value: "https://api.kraken.com" }));
    expect(added.params.map((p) => p.name)).toEqual(["apiUrl", "rateLimitMs"]);
    expect((await withDatabase((db) => db.exchanges.removeParam(ex.id, "apiUrl"))).params).toHaveLength(1);
    await expect(withDatabase((db) => db.exchanges.removeParam(ex.id, "apiUrl"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      withDatabase((db) => db.exchanges.install({ name: "dup-params", params: [{ name: "a" }, { name: "a" }] })),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await withDatabase((db) => db.exchanges.getByName("kraken"))).id).toBe(ex.id);
    expect(await withDatabase((db) => db.exchanges.findByName("nope"))).toBeUndefined();
    await expect(withDatabase((db) => db.exchanges.getById(424_242))).rejects.toBeInstanceOf(NotFoundError);
    const renamed = await withDatabase((db) => db.exchanges.update(ex.id, { name: "kraken-pro", description: "spot" }));
    expect(renamed).toMatchObject({ name: "kraken-pro", description: "spot", url: "https://kraken.com" });
    await withDatabase((db) => db.exchanges.uninstall(ex.id));
    await expect(withDatabase((db) => db.exchanges.getById(ex.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("stores account credentials encrypted: unreadable in a raw SELECT, absent from the model, decrypted on request", async () => {
    const apiKey = "AKIA-catalog-key-987";
    const apiSecret = "catalog-secret-value-654";
    const user = await withDatabase((db) => db.users.create({ username: "carol" }));
    await withDatabase((db) => db.exchanges.install({ name: "binance" }));
    const account = await withDatabase((db) =>
      db.exchanges.addAccount({ userId: user.id, exchange: "binance", name: "main", credentials: { apiKey, apiSecret } }),
    );
    expect(account).toMatchObject({ userId: user.id, exchange: "binance", name: "main", hasCredentials: true, testnet: false });
    const json = JSON.stringify(account);
    expect(json).not.toContain(apiKey);
    expect(json).not.toContain(apiSecret);
    expect(Object.keys(account).some((k) => /key|secret|passphrase/i.test(k))).toBe(false);

    const [raw] = await withDatabase((db) =>
      db.execute<Record<string, string>>("select api_key, api_secret from exchange_accounts where id = $1", [account.id]),
    );
    expect(raw?.api_key).toMatch(/^v1\./);
    expect(`${raw?.api_key}${raw?.api_secret}`).not.toContain(apiKey);
    expect(`${raw?.api_key}${raw?.api_secret}`).not.toContain(apiSecret);

    const credentials = await withDatabase((db) => db.exchanges.getCredentials(account.id));
    expect(credentials).toBeInstanceOf(ExchangeCredentials);
    expect([credentials.apiKey, credentials.apiSecret, credentials.apiPassphrase]).toEqual([apiKey, apiSecret, null]);
    for (const shown of [JSON.stringify(credentials), String(credentials), inspect(credentials)]) {
      expect(shown).not.toContain(apiKey);
      expect(shown).not.toContain(apiSecret);
    }

    await expect(
      withDatabase((db) => db.exchanges.addAccount({ userId: user.id, exchange: "binance", name: "main" })),
    ).rejects.toBeInstanceOf(DuplicateError);
    const bare = await withDatabase((db) => db.exchanges.addAccount({ userId: user.id, exchange: "binance", name: "paper" }));
    expect(bare.hasCredentials).toBe(false);
    await expect(withDatabase((db) => db.exchanges.getCredentials(bare.id))).rejects.toBeInstanceOf(NotFoundError);
    const rotated = await withDatabase((db) =>
      db.exchanges.setCredentials(bare.id, { apiKey: "k2", apiSecret: "s2", apiPassphrase: "p2" }),
    );
    expect(rotated.hasCredentials).toBe(true);
    expect((await withDatabase((db) => db.exchanges.getCredentials(bare.id))).apiPassphrase).toBe("p2");
    const empty = await withDatabase((db) => db.exchanges.setCredentials(bare.id, { apiKey: "", apiSecret: "x" })).catch(
      (e: unknown) => e,
    );
    expect(empty).toBeInstanceOf(ValidationError);
    expect((empty as ValidationError).field).toBe("credentials.apiKey");

    expect((await withDatabase((db) => db.exchanges.getAccountsByUser(user.id))).map((a) => a.name)).toEqual(["main", "paper"]);
    expect((await withDatabase((db) => db.exchanges.getAccountByName(user.id, "paper"))).id).toBe(bare.id);
    expect((await withDatabase((db) => db.exchanges.updateAccount(bare.id, { active: false }))).active).toBe(false);
    await expect(
      withDatabase((db) => db.exchanges.addAccount({ userId: user.id, exchange: "nope", name: "x" })),
    ).rejects.toBeInstanceOf(NotFoundError);
    // An exchange in use by accounts cannot be uninstalled.
    const { id: binanceId } = await withDatabase((db) => db.exchanges.getByName("binance"));
    await expect(withDatabase((db) => db.exchanges.uninstall(binanceId))).rejects.toBeInstanceOf(ConstraintViolation);
    await withDatabase((db) => db.exchanges.removeAccount(bare.id));
    await expect(withDatabase((db) => db.exchanges.getAccount(bare.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses to seal or open credentials without a key, with a ConfigError naming the variable", async () => {
    const keyless = await Database.connect({ url: testDb.url, poolSize: 1, credentialsKey: null });
    try {
      const error = await withDatabase(async (db) => {
        const user = await db.users.create({ username: "keyless" });
        await db.exchanges.install({ name: "keyless-ex" });
        return db.exchanges.addAccount({
          userId: user.id,
          exchange: "keyless-ex",
          name: "a",
          credentials: { apiKey: "k", apiSecret: "s" },
        });
      }, keyless).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain("CREDENTIALS_ENCRYPTION_KEY");
    } finally {
      await keyless.close();
    }
  });

  it("creates symbols with exact decimals, looks them up, searches, updates and deletes", async () => {
    await withDatabase((db) => db.exchanges.install({ name: "bybit" }));
    const btc = await withDatabase((db) =>
      db.symbols.create({
        exchange: "bybit",
        symbol: "BTC/USDT",
        baseCurrency: "BTC",
        quoteCurrency: "USDT",
        pricePrecision: 2,
        volumePrecision: 6,
        tickSize: "0.01",
        minLot: "0.000001",
      }),
    );
    expect(btc.tickSize).toBeInstanceOf(Decimal);
    expect([btc.tickSize.toFixed(), btc.minLot.toFixed(), btc.exchange]).toEqual(["0.01", "0.000001", "bybit"]);
    const base = {
      exchange: btc.catalogExchangeId,
      baseCurrency: "ETH",
      quoteCurrency: "USDT",
      pricePrecision: 2,
      volumePrecision: 4,
    };
    await withDatabase((db) => db.symbols.create({ ...base, symbol: "ETH/USDT", tickSize: "0.01", minLot: "0.0001" }));
    await expect(
      withDatabase((db) => db.symbols.create({ ...base, symbol: "BTC/USDT", tickSize: "0.01", minLot: "0.0001" })),
    ).rejects.toBeInstanceOf(DuplicateError);
    for (const [field, bad] of [
      ["tickSize", { tickSize: "0", minLot: "1" }],
      ["minLot", { tickSize: "0.1", minLot: "-1" }],
      ["pricePrecision", { tickSize: "0.1", minLot: "1", pricePrecision: 1.5 }],
    ] as const) {
      const error = await withDatabase((db) => db.symbols.create({ ...base, symbol: "BAD/USDT", ...bad })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect((await withDatabase((db) => db.symbols.getBySymbol("bybit", "BTC/USDT"))).id).toBe(btc.id);
    expect(await withDatabase((db) => db.symbols.findBySymbol("bybit", "DOGE/USDT"))).toBeUndefined();
    await expect(withDatabase((db) => db.symbols.getBySymbol("bybit", "DOGE/USDT"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(withDatabase((db) => db.symbols.getBySymbol("no-such-exchange", "BTC/USDT"))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const decimals = await withDatabase((db) => db.symbols.getDecimals("bybit", "BTC/USDT"));
    expect([decimals.pricePrecision, decimals.volumePrecision, decimals.tickSize.toFixed(), decimals.minLot.toFixed()]).toEqual([
      2,
      6,
      "0.01",
      "0.000001",
    ]);
    expect((await withDatabase((db) => db.symbols.getByExchange("bybit"))).map((s) => s.symbol)).toEqual([
      "BTC/USDT",
      "ETH/USDT",
    ]);
    expect((await withDatabase((db) => db.symbols.search("eth"))).map((s) => s.symbol)).toEqual(["ETH/USDT"]);
    expect((await withDatabase((db) => db.symbols.search("usdt", { exchange: "bybit", limit: 1 }))).length).toBe(1);
    // LIKE wildcards in the search text are literal.
    expect(await withDatabase((db) => db.symbols.search("%"))).toEqual([]);

    const updated = await withDatabase((db) => db.symbols.update(btc.id, { tickSize: "0.1", active: false }));
    expect([updated.tickSize.toFixed(), updated.active, updated.minLot.toFixed()]).toEqual(["0.1", false, "0.000001"]);
    expect((await withDatabase((db) => db.symbols.getByExchange("bybit", { activeOnly: true }))).map((s) => s.symbol)).toEqual([
      "ETH/USDT",
    ]);
    await expect(withDatabase((db) => db.symbols.update(btc.id, { symbol: "ETH/USDT" }))).rejects.toBeInstanceOf(DuplicateError);
    await withDatabase((db) => db.symbols.delete(btc.id));
    await expect(withDatabase((db) => db.symbols.getById(btc.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(withDatabase((db) => db.symbols.delete(btc.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rolls back catalog writes of a context left without commit", async () => {
    {
      await using db = await DatabaseContext.open();
      await db.exchanges.install({ name: "never-installed" });
    }
    expect(await withDatabase((db) => db.exchanges.findByName("never-installed"))).toBeUndefined();
  });
});
