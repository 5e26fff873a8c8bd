import { NotFoundError, Position, ValidationError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../src/index.js";
import { createOwner, type Owner } from "./fixtures.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("PositionRepository", () => {
  let testDb: MigratedTestDatabase;
  let owner: Owner;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_positions");
    owner = await createOwner("positions");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("saves a position and continues it exactly after a restart", async () => {
    const position = new Position({ symbol: "BTC/USDT", exId: owner.exId });
    position.addTrade({ volume: "0.5", price: "67000", fee: "10" });
    position.addTrade({ volume: "0.3", price: "68000", fee: "6" });
    const saved = await withDatabase((db) => db.positions.updatePosition(position, { botId: owner.botId }));
    expect(saved.isOpen).toBe(true);

    const restored = await withDatabase((db) => db.positions.getPosition(owner.exId, "BTC/USDT"));
    expect(restored?.position.toDict()).toEqual(position.toDict());
    // The worked example of DESIGN.md §5 continues on the restored position.
    const result = restored?.position.addTrade({ volume: "-0.2", price: "69000", fee: "5" });
    expect(result?.roi.toFixed()).toBe("391");
    const again = await withDatabase((db) => db.positions.updatePosition(restored?.position as Position));
    expect(again.id).toBe(saved.id);
    expect(again.botId).toBe(owner.botId);
    expect(again.position.volume.toFixed()).toBe("0.6");
    expect(await withDatabase((db) => db.positions.getOpenPositionCount(owner.exId))).toBe(1);
  });

  it("closes a snapshot with its final PnL; a new position of the symbol opens a new snapshot", async () => {
    const open = await withDatabase((db) => db.positions.getPosition(owner.exId, "BTC/USDT"));
    const closed = await withDatabase((db) => db.positions.closePosition(open?.id as number, "1579"));
    expect(closed.isOpen).toBe(false);
    expect(closed.finalPnl?.toFixed()).toBe("1579");
    expect(await withDatabase((db) => db.positions.getPosition(owner.exId, "BTC/USDT"))).toBeNull();
    await expect(withDatabase((db) => db.positions.closePosition(open?.id as number, "0"))).rejects.toBeInstanceOf(NotFoundError);

    const next = new Position({ symbol: "BTC/USDT", exId: owner.exId, method: "average" });
    next.addTrade({ volume: "-1", price: "70000" });
    const eth = new Position({ symbol: "ETH/USDT", exId: owner.exId });
    eth.addTrade({ volume: "2", price: "3000" });
    await withDatabase(async (db) => {
      await db.positions.updatePosition(next);
      await db.positions.updatePosition(eth);
    });
    const all = await withDatabase((db) => db.positions.getOpenPositions(owner.exId));
    expect(all.map((s) => [s.position.symbol, s.position.method, s.position.volume.toFixed()])).toEqual([
      ["BTC/USDT", "average", "-1"],
      ["ETH/USDT", "fifo", "2"],
    ]);
    expect(all[0]?.id).not.toBe(open?.id);
  });

  it("refuses a position without an account", async () => {
    const orphan = new Position({ symbol: "BTC/USDT" });
    await expect(withDatabase((db) => db.positions.updatePosition(orphan))).rejects.toBeInstanceOf(ValidationError);
  });
});
