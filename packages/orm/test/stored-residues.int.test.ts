import type { TradeInput } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../src/index.js";
import { createOwner } from "./fixtures.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

// Issue 16, item 7, as stored: saveTrades books fills through the domain Position, so what remains
// of a lot after partial closes is stored as its exact short decimal — here 0.5196, where rounded
// fee shares piled up to 0.51959999999999999999999999999999999999997 — also when each fill comes
// in its own call and the stream continues from its stored state.
describe("stored position figures after partial closes", () => {
  let testDb: MigratedTestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_residues");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("curFee is stored as 0.5196 exactly after a buy with fee 0.6928 and two partial sells", async () => {
    const owner = await createOwner("residues");
    const fill = (i: number, side: "buy" | "sell", volume: string, fee: string): TradeInput => ({
      exId: owner.exId,
      exTradeId: `r-${i}`,
      symbol: "BTC/USDT",
      side,
      volume,
      price: String(67_000 + 100 * i),
      fee,
      time: Date.UTC(2024, 0, 1, 0, i),
    });
    const fills = [fill(0, "buy", "0.12", "0.6928"), fill(1, "sell", "0.02", "0"), fill(2, "sell", "0.01", "0")];
    for (const f of fills) await withDatabase((db) => db.trades.saveTrades([f]));
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId, symbol: "BTC/USDT" }));
    expect(stored.map((t) => t.result?.curFee.toFixed())).toEqual([
      "0.6928",
      "0.5773333333333333333333333333333333333333",
      "0.5196",
    ]);
    expect(stored.map((t) => t.result?.curVolume.toFixed())).toEqual(["0.12", "0.1", "0.09"]);
    // every fee paid is either realized or still open, to the last digit
    const realized = stored.reduce((s, t) => s.plus(t.result?.totalFee ?? 0), stored[0]!.fee.minus(stored[0]!.fee));
    expect(realized.plus(stored[2]!.result!.curFee).toFixed()).toBe("0.6928");
  });
});
