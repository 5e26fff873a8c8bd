import type { TradeInput } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../src/index.js";
import { createOwner, type Owner } from "./fixtures.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

// An opening fill and a break-even close both read roi 0 and roiPct 0; the closed volume, stored
// in closed_volume, tells them apart, and a fill read back carries it in Trade.result.
describe("Trade.result.closedVolume, saved and read back", () => {
  let testDb: MigratedTestDatabase;
  let owner: Owner;
  const fill = (i: number, side: "buy" | "sell", volume: string, price = "67000"): TradeInput => ({
    exId: owner.exId,
    exTradeId: `cv-${i}`,
    symbol: "BTC/USDT",
    side,
    volume,
    price,
    fee: "0",
    time: Date.UTC(2025, 0, 1, 0, i),
  });
  const stored = () => withDatabase((db) => db.trades.getBySymbol(owner.exId, "BTC/USDT"));
  const closed = async () => (await stored()).map((t) => t.result?.closedVolume.toFixed());

  beforeAll(async () => {
    testDb = await openTestDatabase("orm_closed_volume");
    owner = await createOwner("closed-volume");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("an opening fill reads closed volume 0 and a break-even close its volume, both with roi 0", async () => {
    const saved = await withDatabase((db) => db.trades.saveTrades([fill(1, "buy", "0.5"), fill(2, "sell", "0.5")]));
    expect(saved.map((t) => t.result?.closedVolume.toFixed())).toEqual(["0", "0.5"]);
    const [open, close] = await stored();
    for (const t of [open, close]) expect([t?.result?.roi.toFixed(), t?.result?.roiPct.toFixed()]).toEqual(["0", "0"]);
    expect([open?.result?.closedVolume.toFixed(), close?.result?.closedVolume.toFixed()]).toEqual(["0", "0.5"]);
    const rows = await testDb.database.sql.execute<{ closed_volume: string }>(
      "select closed_volume::text from trades where account_id = $1 order by time",
      [owner.exId],
    );
    expect(rows.map((r) => r.closed_volume)).toEqual(["0", "0.5"]);
  });

  it("a late fill recomputes the closed volume of the fills after it, exactly", async () => {
    // flat after the first test; a buy then a sell of more than it: the sell flips the position
    await withDatabase((db) => db.trades.saveTrades([fill(10, "buy", "0.1"), fill(12, "sell", "0.300000000000000001")]));
    expect(await closed()).toEqual(["0", "0.5", "0", "0.1"]);
    // a buy that arrives late, between them: the sell now closes 0.3 of the 0.3 long, and flips by 1e-18
    await withDatabase((db) => db.trades.saveTrades([fill(11, "buy", "0.2")]));
    expect(await closed()).toEqual(["0", "0.5", "0", "0", "0.3"]);
    expect((await stored()).at(-1)?.result?.curVolume.toFixed()).toBe("-0.000000000000000001");
  });

  it("a dry trade carries it too: a paper open and a break-even paper close", async () => {
    const paper = { botId: owner.botId, exId: owner.exId, symbol: "ETH/USDT", price: "3000", fee: "0" } as const;
    await withDatabase(async (db) => {
      await db.dryTrades.saveDryTrade({ ...paper, side: "buy", volume: "2", time: Date.UTC(2025, 0, 2) });
      await db.dryTrades.saveDryTrade({ ...paper, side: "sell", volume: "1.5", time: Date.UTC(2025, 0, 3) });
    });
    const back = await withDatabase((db) => db.dryTrades.getDryTrades(owner.botId, "ETH/USDT"));
    expect(back.map((d) => [d.result?.roi.toFixed(), d.result?.closedVolume.toFixed()])).toEqual([
      ["0", "0"],
      ["0", "1.5"],
    ]);
  });
});
