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
});
