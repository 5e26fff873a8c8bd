// A stream's position method is sticky (issue 16, item 6): the DESIGN.md §5 example under average.
import { ValidationError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamMethodConflict, withDatabase } from "../src/index.js";
import { createOwner, type Owner } from "./fixtures.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("a fill stream's position method", () => {
  let testDb: MigratedTestDatabase;
  let owner: Owner;
  const fill = (id: string, side: "buy" | "sell", volume: string, price: string, fee: string, second: number) => ({
    exTradeId: id,
    exId: owner.exId,
    symbol: "BTC/USDT",
    side,
    volume,
    price,
    fee,
    time: Date.UTC(2025, 0, 1, 0, 0, second),
  });
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_stream_method");
    owner = await createOwner("stream-method");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("is the one the stream started with when a later call leaves it out", async () => {
    await withDatabase((db) =>
      db.trades.saveTrades([fill("m1", "buy", "0.5", "67000", "10", 1), fill("m2", "buy", "0.3", "68000", "6", 2)], {
        method: "average",
      }),
    );
    const [sell] = await withDatabase((db) => db.trades.saveTrades([fill("m3", "sell", "0.2", "69000", "5", 3)]));
    expect(sell?.result?.roi.toFixed()).toBe("316");
  });

  it("refuses a call asking for another method with StreamMethodConflict, writing nothing", async () => {
    const error = await withDatabase((db) =>
      db.trades.saveTrades([fill("m4", "sell", "0.1", "69000", "1", 4)], { method: "fifo" }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamMethodConflict);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as StreamMethodConflict).message).toContain("changeStreamMethod");
    expect(await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }))).toHaveLength(3);
  });

  it("changes only through changeStreamMethod, which recomputes the stream", async () => {
    expect(await withDatabase((db) => db.trades.changeStreamMethod(owner.exId, "BTC/USDT", "fifo"))).toBe(3);
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }));
    expect(stored[2]?.result?.roi.toFixed()).toBe("391");
    const [next] = await withDatabase((db) => db.trades.saveTrades([fill("m5", "sell", "0.1", "69000", "0", 5)]));
    // FIFO: the second 0.1 of the first lot (bought at 67000, fee share 10 * 0.1 / 0.5 = 2).
    expect(next?.result?.roi.toFixed()).toBe("198");
    await expect(
      withDatabase((db) => db.trades.saveTrades([fill("m6", "sell", "0.1", "69000", "0", 6)], { method: "average" })),
    ).rejects.toBeInstanceOf(StreamMethodConflict);
  });
});
