// Twenty writers of one position at once (issue 16, item 4): no update may be lost.
import { Position } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConcurrentUpdateError, type DatabaseContext, withDatabase } from "../src/index.js";
import { createOwner, type Owner } from "./fixtures.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

const WRITERS = 20;

describe("PositionRepository under concurrent writers", () => {
  let testDb: MigratedTestDatabase;
  let owner: Owner;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_position_concurrency");
    owner = await createOwner("position-concurrency");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const addOne = async (db: DatabaseContext, symbol: string, lock: boolean) => {
    const snapshot = await db.positions.getPosition(owner.exId, symbol, { lock });
    const position = snapshot?.position ?? new Position({ symbol, exId: owner.exId });
    position.addTrade({ volume: "1", price: "100" });
    await db.positions.updatePosition(position);
  };
  const volumeOf = async (symbol: string) =>
    (await withDatabase((db) => db.positions.getPosition(owner.exId, symbol)))?.position.volume.toFixed();

  it("optimistic: a stale write fails with ConcurrentUpdateError; writers that retry on it lose nothing", async () => {
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (;;) {
          try {
            await withDatabase((db) => addOne(db, "OPT/USDT", false));
            return;
          } catch (error) {
            if (!(error instanceof ConcurrentUpdateError)) throw error;
            expect(error.message).toContain("retry");
            conflicts++;
          }
        }
      }),
    );
    expect(await volumeOf("OPT/USDT")).toBe(String(WRITERS));
    expect(conflicts).toBeGreaterThan(0);
  }, 120_000);

  it("locking: getPosition(exId, symbol, { lock: true }) serializes the writers, none fails and none is lost", async () => {
    await Promise.all(Array.from({ length: WRITERS }, () => withDatabase((db) => addOne(db, "LCK/USDT", true))));
    expect(await volumeOf("LCK/USDT")).toBe(String(WRITERS));
  }, 120_000);

  it("refuses a write based on a version another writer has replaced (expectedVersion)", async () => {
    const first = await withDatabase((db) => db.positions.getPosition(owner.exId, "LCK/USDT"));
    const position = first?.position as Position;
    position.addTrade({ volume: "1", price: "100" });
    const written = await withDatabase((db) => db.positions.updatePosition(position, { expectedVersion: first?.version }));
    expect(written.version).toBe((first?.version as number) + 1);
    const stale = withDatabase((db) => db.positions.updatePosition(position, { expectedVersion: first?.version }));
    await expect(stale).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await volumeOf("LCK/USDT")).toBe(String(WRITERS + 1));
  });

  it("without a read in the context, the last writer wins and each write bumps the version; a first snapshot opened meanwhile is a conflict", async () => {
    const at = (volume: string) => {
      const p = new Position({ symbol: "LWW/USDT", exId: owner.exId });
      p.addTrade({ volume, price: "100", fee: "0.5" });
      return p;
    };
    const one = await withDatabase((db) => db.positions.updatePosition(at("1"), { botId: owner.botId }));
    const two = await withDatabase((db) => db.positions.updatePosition(at("2")));
    expect([one.version, two.version, two.id]).toEqual([1, 2, one.id]);
    expect(two.botId).toBe(owner.botId);
    const read = await withDatabase((db) => db.positions.getPosition(owner.exId, "LWW/USDT"));
    expect(read?.position.toDict()).toEqual(at("2").toDict());
    expect(read).toEqual(two);
    // A context that saw no open snapshot writes a first one; another writer opening one before
    // it commits makes that a conflict, not a second open snapshot.
    const race = withDatabase(async (db) => {
      expect(await db.positions.getPosition(owner.exId, "RACE/USDT")).toBeNull();
      await withDatabase((other) => other.positions.updatePosition(new Position({ symbol: "RACE/USDT", exId: owner.exId })));
      await db.positions.updatePosition(new Position({ symbol: "RACE/USDT", exId: owner.exId }));
    });
    await expect(race).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await withDatabase((db) => db.positions.getOpenPositionCount(owner.exId))).toBe(4);
  });
});
