// Values the database would refuse reach the caller as typed errors naming the field (and the row
// of a batch), before any I/O; a statement timeout is a DatabaseTimeoutError (issue 16, "Also wrong").
import { Order, ValidationError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database, DatabaseTimeoutError, withDatabase } from "../src/index.js";
import { createOwner, type Owner } from "./fixtures.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("values PostgreSQL would refuse", () => {
  let testDb: MigratedTestDatabase;
  let owner: Owner;
  const fill = (changes: Record<string, unknown>) => ({
    exTradeId: "ok",
    exId: owner.exId,
    symbol: "BTC/USDT",
    side: "buy" as const,
    volume: "1",
    price: "100",
    time: Date.UTC(2025, 0, 1),
    ...changes,
  });
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_driver_errors");
    owner = await createOwner("driver-errors");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const rowError = async (changes: Record<string, unknown>) => {
    const error = await withDatabase((db) =>
      db.trades.saveTrades([fill({ exTradeId: "first" }), fill({ exTradeId: "second", ...changes })]),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  };

  it("a symbol longer than its column (22001): names the field and the batch row", async () => {
    const error = await rowError({ symbol: "X".repeat(300) });
    expect([error.field, error.row]).toEqual(["symbol", 1]);
  });

  it("a NUL character (22021): names the field and the batch row", async () => {
    const error = await rowError({ exTradeId: "bad\u0000id" });
    expect([error.field, error.row]).toEqual(["exTradeId", 1]);
  });

  it("a number too large for numeric (22003): names the field and the batch row", async () => {
    const error = await rowError({ price: "1e200000" });
    expect([error.field, error.row]).toEqual(["price", 1]);
    expect(await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }))).toEqual([]);
  });

  it("a client order id with NUL, and a non-numeric id (22P02), name the field", async () => {
    const order = Order.create({
      exId: owner.exId,
      exchange: "x",
      symbol: "BTC/USDT",
      orderType: "market",
      side: "buy",
      volume: "1",
      clientOrderId: "nul\u0000id",
    });
    const nul = await withDatabase((db) => db.orders.saveOrder(order)).catch((e: unknown) => e);
    expect(nul).toBeInstanceOf(ValidationError);
    expect((nul as ValidationError).field).toBe("clientOrderId");
    const notANumber = await withDatabase((db) => db.orders.getOrder("12abc" as unknown as number)).catch((e: unknown) => e);
    expect(notANumber).toBeInstanceOf(ValidationError);
    expect((notANumber as ValidationError).field).toBe("id");
  });

  it("a value the server refuses anyway is a ValidationError, not a driver error", async () => {
    const error = await withDatabase((db) => db.execute("select 'abc'::int")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe("INVALID_VALUE");
  });

  it("a statement past the statement timeout (57014) is a DatabaseTimeoutError", async () => {
    const database = await Database.connect({ url: testDb.url, poolSize: 1, statementTimeoutMs: 200, credentialsKey: null });
    try {
      const error = await withDatabase((db) => db.execute("select pg_sleep(2)"), database).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseTimeoutError);
      const viaRepository = await withDatabase(async (db) => {
        await db.execute("set local statement_timeout = 1");
        return db.trades.getStatistics({});
      }, database).catch((e: unknown) => e);
      expect([viaRepository, error].every((e) => e instanceof DatabaseTimeoutError)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
