import {
  computeTradeStatistics,
  Decimal,
  DuplicateError,
  Order,
  Position,
  Trade,
  type TradeInput,
  type TradeResult,
  ValidationError,
} from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseContext, withDatabase } from "../src/index.js";
import { createOwner, type Owner } from "./fixtures.js";
import { freqtradeFills } from "./freqtrade-fills.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

const FIELDS = ["roi", "roiPct", "closedVolume", "totalFee", "curVolume", "curAvgPrice", "curAvgCost", "curFee"] as const;

/** Replays `inputs` in the given order through the domain Position. */
function expectedResults(inputs: readonly TradeInput[]): TradeResult[] {
  const position = new Position({ symbol: inputs[0]?.symbol ?? "X", exId: inputs[0]?.exId ?? null });
  return inputs.map((input) => {
    const t = Trade.create(input);
    return position.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
  });
}

function expectSameResults(stored: readonly Trade[], expected: readonly TradeResult[]): void {
  expect(stored.length).toBe(expected.length);
  stored.forEach((t, i) => {
    const want = expected[i] as TradeResult;
    for (const f of FIELDS) {
      if (!t.result?.[f].eq(want[f])) {
        throw new Error(`trade ${i} (${t.exTradeId}) ${f}: stored ${t.result?.[f].toFixed()} expected ${want[f].toFixed()}`);
      }
    }
  });
}

/** `n` real fills re-timed one second apart, so the stream order is the input order. */
function spacedFills(owner: Owner, n: number, offset = 0): TradeInput[] {
  return freqtradeFills(owner.exId)
    .slice(offset, offset + n)
    .map((t, i) => ({ ...t, time: Date.UTC(2024, 0, 1) + i * 1000 }));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("TradeRepository", () => {
  let testDb: MigratedTestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_trades");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("replays the real XRP/ETH fills exactly as the domain Position does", async () => {
    const owner = await createOwner("replay");
    const fills = freqtradeFills(owner.exId);
    // In batches, as a feed would deliver them.
    for (let i = 0; i < fills.length; i += 2500) {
      await withDatabase((db) => db.trades.saveTrades(fills.slice(i, i + 2500)));
    }
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId, symbol: "XRP/ETH" }));
    expect(stored.map((t) => t.exTradeId)).toEqual(fills.map((t) => t.exTradeId));
    expectSameResults(stored, expectedResults(fills));
  });

  it("stores a fill seen twice once, and refuses a different fill with the same venue id", async () => {
    const owner = await createOwner("dupes");
    const fills = spacedFills(owner, 50);
    const first = await withDatabase((db) => db.trades.saveTrades(fills));
    const again = await withDatabase((db) => db.trades.saveTrades([...fills.slice(10, 20), ...fills.slice(10, 20)]));
    expect(again.map((t) => t.id)).toEqual([...first.slice(10, 20), ...first.slice(10, 20)].map((t) => t.id));
    const conflicting = { ...(fills[5] as TradeInput), price: "123" };
    await expect(withDatabase((db) => db.trades.saveTrades([conflicting]))).rejects.toBeInstanceOf(DuplicateError);
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }));
    expect(stored).toHaveLength(50);
    expectSameResults(stored, expectedResults(fills));
  });

  it("recomputes the later fills of a stream when an older fill arrives late", async () => {
    const owner = await createOwner("late");
    const fills = spacedFills(owner, 400, 1000);
    const batches = shuffled(fills, 7);
    for (let i = 0; i < batches.length; i += 37) {
      await withDatabase((db) => db.trades.saveTrades(batches.slice(i, i + 37)));
    }
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }));
    expect(stored.map((t) => t.exTradeId)).toEqual(fills.map((t) => t.exTradeId));
    expectSameResults(stored, expectedResults(fills));
  });

  it("ends with the serial numbers when two connections save interleaved fills of one stream at once", async () => {
    const owner = await createOwner("concurrent");
    const fills = spacedFills(owner, 600, 3000);
    const mixed = shuffled(fills, 11);
    const evens = mixed.filter((_, i) => i % 2 === 0);
    const odds = mixed.filter((_, i) => i % 2 === 1);
    const writer = async (part: TradeInput[]) => {
      for (let i = 0; i < part.length; i += 25) await withDatabase((db) => db.trades.saveTrades(part.slice(i, i + 25)));
    };
    await Promise.all([writer(evens), writer(odds)]);
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }));
    expect(stored.map((t) => t.exTradeId)).toEqual(fills.map((t) => t.exTradeId));
    expectSameResults(stored, expectedResults(fills));
  });

  it("replays instead of trusting its checkpoint when a fill was written around the repository", async () => {
    const owner = await createOwner("around");
    const fills = spacedFills(owner, 61, 500);
    await withDatabase((db) => db.trades.saveTrades(fills.slice(0, 50)));
    const stray = Trade.create(fills[50] as TradeInput);
    await withDatabase((db) =>
      db.execute(
        `insert into trades (account_id, ex_trade_id, symbol, side, volume, price, cost, fee, leverage, time)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)`,
        [
          owner.exId,
          stray.exTradeId,
          stray.symbol,
          stray.side,
          stray.volume.toFixed(),
          stray.price.toFixed(),
          stray.cost.toFixed(),
          stray.fee.toFixed(),
          stray.time.toISOString(),
        ],
      ),
    );
    await withDatabase((db) => db.trades.saveTrades(fills.slice(51)));
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }));
    expectSameResults(stored, expectedResults(fills));
  });

  it("accounts a stream by the average method when asked", async () => {
    const owner = await createOwner("average");
    const fills = spacedFills(owner, 300, 2000);
    await withDatabase((db) => db.trades.saveTrades(fills.slice(0, 150), { method: "average" }));
    await withDatabase((db) => db.trades.saveTrades(fills.slice(150), { method: "average" }));
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }));
    const position = new Position({ symbol: "XRP/ETH", exId: owner.exId, method: "average" });
    const expected = fills.map((input) => {
      const t = Trade.create(input);
      return position.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
    });
    expectSameResults(stored, expected);
  });

  it("links fills to their order and bot, for getTradesForOrder and per-bot statistics", async () => {
    const owner = await createOwner("linked");
    const order = await withDatabase((db) =>
      db.orders.saveOrder(
        Order.create({
          botId: owner.botId,
          exId: owner.exId,
          exchange: "test",
          symbol: "XRP/ETH",
          orderType: "market",
          side: "buy",
          volume: "1000",
          exOrderId: "V-1",
        }),
      ),
    );
    const now = Date.now();
    const fills: TradeInput[] = [
      {
        exTradeId: "f1",
        exOrderId: "V-1",
        exId: owner.exId,
        symbol: "XRP/ETH",
        side: "buy",
        volume: "600",
        price: "0.0014",
        time: now - 3000,
      },
      {
        exTradeId: "f2",
        exOrderId: "V-1",
        exId: owner.exId,
        symbol: "XRP/ETH",
        side: "buy",
        volume: "400",
        price: "0.0015",
        time: now - 2000,
      },
      {
        exTradeId: "f3",
        exOrderId: "V-2",
        exId: owner.exId,
        symbol: "XRP/ETH",
        side: "sell",
        volume: "1000",
        price: "0.0016",
        time: now - 1000,
      },
    ];
    await withDatabase((db) => db.trades.saveTrades(fills));
    const forOrder = await withDatabase((db) => db.trades.getTradesForOrder(order.id as number));
    expect(forOrder.map((t) => t.exTradeId)).toEqual(["f1", "f2"]);
    // The closing sell's order is not known yet, so it belongs to no bot: the bot has no closed trade yet.
    expect((await withDatabase((db) => db.trades.getStatistics({ botId: owner.botId }))).totalTrades).toBe(0);
    // Its order learns its venue id after the fill arrived: the fill is linked, now it is the bot's.
    const sellOrder = await withDatabase((db) =>
      db.orders.saveOrder(
        Order.create({
          botId: owner.botId,
          exId: owner.exId,
          exchange: "test",
          symbol: "XRP/ETH",
          orderType: "market",
          side: "sell",
          volume: "1000",
        }),
      ),
    );
    await withDatabase(async (db) => {
      await db.orders.updateOrderStatus(sellOrder.id as number, "submitted");
      await db.orders.updateOrderStatus(sellOrder.id as number, "open", "V-2");
    });
    expect((await withDatabase((db) => db.trades.getTradesForOrder(sellOrder.id as number))).map((t) => t.exTradeId)).toEqual([
      "f3",
    ]);
    expect((await withDatabase((db) => db.trades.getStatistics({ botId: owner.botId }))).totalTrades).toBe(1);
    const all = await withDatabase((db) => db.trades.getStatistics({ exId: owner.exId, days: 1 }));
    expect(all.totalTrades).toBe(1);
    // 1000 x 0.0016 - (600 x 0.0014 + 400 x 0.0015) = 0.16
    expect(all.netPnl.toFixed()).toBe("0.16");
  });

  it("writes nothing from a batch with one invalid trade and names its row", async () => {
    const owner = await createOwner("invalid");
    const fills = spacedFills(owner, 5);
    const bad = [...fills.slice(0, 3), { ...(fills[3] as TradeInput), volume: "-1" }, fills[4] as TradeInput];
    const error = await withDatabase((db) => db.trades.saveTrades(bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).row).toBe(3);
    const unknownAccount = [fills[0] as TradeInput, { ...(fills[1] as TradeInput), exId: 987_654 }];
    const error2 = await withDatabase((db) => db.trades.saveTrades(unknownAccount)).catch((e: unknown) => e);
    expect((error2 as ValidationError).row).toBe(1);
    expect(await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }))).toEqual([]);
  });

  it("leaves nothing behind when the operation throws", async () => {
    const owner = await createOwner("rollback");
    await expect(
      withDatabase(async (db) => {
        await db.trades.saveTrades(spacedFills(owner, 20));
        throw new Error("crash after saving");
      }),
    ).rejects.toThrow("crash after saving");
    {
      await using db = await DatabaseContext.open();
      await db.trades.saveTrades(spacedFills(owner, 20));
      // no commit
    }
    expect(await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }))).toEqual([]);
  });

  it("recomputes the stream after updateTrade and deleteTrade", async () => {
    const owner = await createOwner("edit");
    const fills = spacedFills(owner, 120, 6000);
    const saved = await withDatabase((db) => db.trades.saveTrades(fills));
    const target = saved[30] as Trade;
    const changed = Trade.create({ ...target, fee: new Decimal(target.fee).mul(3), result: null });
    await withDatabase((db) => db.trades.updateTrade(changed));
    const afterUpdate = fills.map((f, i) => (i === 30 ? { ...f, fee: changed.fee } : f));
    expectSameResults(await withDatabase((db) => db.trades.getTrades({ exId: owner.exId })), expectedResults(afterUpdate));

    await withDatabase((db) => db.trades.deleteTrade((saved[10] as Trade).id as number));
    const afterDelete = afterUpdate.filter((_, i) => i !== 10);
    expectSameResults(await withDatabase((db) => db.trades.getTrades({ exId: owner.exId })), expectedResults(afterDelete));
  });

  it("computes the statistics in SQL exactly as the domain does", async () => {
    const owner = await createOwner("stats");
    const fills = spacedFills(owner, 2000, 8000).map((t) => ({
      ...t,
      time: Date.now() - 3_600_000 + ((t.time as number) % 3_600_000),
    }));
    await withDatabase((db) => db.trades.saveTrades(fills));
    const stored = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId }));
    // A closed trade: a fill that went against the open position.
    let volume = new Decimal(0);
    const closed: { pnl: Decimal; fee: Decimal }[] = [];
    for (const t of stored) {
      if (!volume.isZero() && volume.isNeg() !== t.signedVolume.isNeg())
        closed.push({ pnl: t.result?.roi as Decimal, fee: t.result?.totalFee as Decimal });
      volume = t.result?.curVolume as Decimal;
    }
    expect(closed.length).toBeGreaterThan(100);
    const expected = computeTradeStatistics(closed);
    const actual = await withDatabase((db) => db.trades.getStatistics({ exId: owner.exId, days: 1 }));
    expect(actual.totalTrades).toBe(expected.totalTrades);
    for (const key of Object.keys(expected) as (keyof typeof expected & string)[]) {
      const a = actual[key];
      const e = expected[key];
      if (e instanceof Decimal && a instanceof Decimal) expect(`${key}=${a.toFixed()}`).toBe(`${key}=${e.toFixed()}`);
      else expect(a).toEqual(e);
    }
    const none = await withDatabase((db) => db.trades.getStatistics({ exId: owner.exId, botId: owner.botId }));
    expect(none.totalTrades).toBe(0);
  });

  it("lists the last N, uncalculated, recent and today's fills", async () => {
    const owner = await createOwner("lists");
    const fills = spacedFills(owner, 30).map((t, i) => ({ ...t, time: Date.now() - (30 - i) * 1000 }));
    await withDatabase((db) => db.trades.saveTrades(fills));
    const last = await withDatabase((db) => db.trades.getTrades({ exId: owner.exId, last: 5 }));
    expect(last.map((t) => t.exTradeId)).toEqual(fills.slice(25).map((t) => t.exTradeId));
    expect(await withDatabase((db) => db.trades.getTrades({ exId: owner.exId, uncalculated: true }))).toEqual([]);
    const recent = await withDatabase((db) => db.trades.getRecent(3, { exId: owner.exId }));
    expect(recent.map((t) => t.exTradeId)).toEqual(
      fills
        .slice(27)
        .reverse()
        .map((t) => t.exTradeId),
    );
    expect((await withDatabase((db) => db.trades.getTodayTrades({ exId: owner.exId }))).length).toBeGreaterThan(0);
    expect((await withDatabase((db) => db.trades.getBySymbol(owner.exId, "XRP/ETH"))).length).toBe(30);
  });
});
