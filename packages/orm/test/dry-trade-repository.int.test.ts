import { DryTrade, type DryTradeInput } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../src/index.js";
import { createOwner, type Owner } from "./fixtures.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("DryTradeRepository", () => {
  let testDb: MigratedTestDatabase;
  let owner: Owner;
  const dry = (changes: Partial<DryTradeInput>): DryTradeInput => ({
    botId: owner.botId,
    exId: owner.exId,
    symbol: "BTC/USDT",
    side: "buy",
    volume: "0.5",
    price: "67000",
    fee: "10",
    time: Date.UTC(2025, 0, 1),
    ...changes,
  });
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_dry_trades");
    owner = await createOwner("dry");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("stores paper fills with their PnL: the closing one carries the realized PnL (DESIGN.md §5 example)", async () => {
    const a = await withDatabase((db) => db.dryTrades.saveDryTrade(dry({})));
    expect(a.result?.roi.toFixed()).toBe("0");
    await withDatabase((db) =>
      db.dryTrades.saveDryTrade(dry({ volume: "0.3", price: "68000", fee: "6", time: Date.UTC(2025, 0, 2) })),
    );
    const close = await withDatabase((db) =>
      db.dryTrades.saveDryTrade(dry({ side: "sell", volume: "0.2", price: "69000", fee: "5", closingTrade: true, reason: "tp" })),
    );
    expect(close).toBeInstanceOf(DryTrade);
    expect(close.result?.roi.toFixed()).toBe("391");
    expect(close.result?.curVolume.toFixed()).toBe("0.6");
    expect(close.closingTrade).toBe(true);
    const last = await withDatabase((db) => db.dryTrades.getLastDryTrade(owner.botId, "BTC/USDT", { exId: owner.exId }));
    expect(last?.id).toBe(close.id);
    expect(await withDatabase((db) => db.dryTrades.getLastDryTrade(owner.botId, "ETH/USDT"))).toBeNull();
  });

  it("recomputes the later paper fills when one is corrected", async () => {
    const first = (await withDatabase((db) => db.dryTrades.getDryTrades(owner.botId, "BTC/USDT")))[0] as DryTrade;
    await withDatabase((db) => db.dryTrades.updateDryTrade(DryTrade.create({ ...first, fee: "20", result: null })));
    const after = await withDatabase((db) => db.dryTrades.getDryTrades(owner.botId, "BTC/USDT"));
    // The sell now carries 0.2/0.5 of a 20 fee instead of a 10 fee: 400 - 8 - 5.
    expect(after[2]?.result?.roi.toFixed()).toBe("387");
  });

  it("deletes a bot's paper fills", async () => {
    expect(await withDatabase((db) => db.dryTrades.deleteDryTrades(owner.botId))).toBe(3);
    expect(await withDatabase((db) => db.dryTrades.getDryTrades(owner.botId))).toEqual([]);
  });
});
