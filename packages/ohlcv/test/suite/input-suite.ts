import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidationError } from "@tradekit/domain";
import { sharedDataPath } from "@tradekit/test-services";
import { expect, it } from "vitest";
import {
  importBinanceKlines,
  importFreqtradeTrades,
  importKrakenTrades,
  TimeseriesRepository,
  UnknownSymbolError,
} from "../../src/index.js";
import type { engineHandle } from "./engine.js";
import { btcCandles, norm, tradeCandles, xrpTrades } from "./reference.js";

type Handle = ReturnType<typeof engineHandle>;

/** The other half of the contract: bad input, raw trades, file imports, the series registry. */
export function inputSuite(db: Handle) {
  const ref = btcCandles().slice(0, 20);
  const bad: [string, (rows: Record<string, unknown>[]) => void, string][] = [
    ["high below low", (r) => Object.assign(r[7] as object, { high: "0.001", low: "0.002" }), "high"],
    ["a negative volume", (r) => Object.assign(r[7] as object, { volume: "-1" }), "volume"],
    ["a NaN", (r) => Object.assign(r[7] as object, { close: Number.NaN }), "close"],
    [
      "a time not aligned to the timeframe",
      (r) => Object.assign(r[7] as object, { time: (ref[7]?.time as number) + 1_000 }),
      "time",
    ],
  ];
  it.each(bad)("rejects %s naming the row, and writes nothing of the batch", async (_, spoil, field) => {
    await using repo = await db.open("BAD/INPUT");
    const rows = ref.map((c) => ({ ...c })) as Record<string, unknown>[];
    spoil(rows);
    for (const write of [() => repo.insertMany(rows as never), () => repo.upsertMany(rows as never)]) {
      const error = await write().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ row: 7, field });
      expect((error as Error).message).toMatch(/candle 7/);
    }
    expect(await repo.coverage()).toBeNull();
    expect(await repo.getRange("1m", ref[0]?.time as number, ref[19]?.time as number)).toEqual([]);
  });

  it("rejects a bad row deep in a batch whose earlier rows already went to the server, writing nothing", async () => {
    await using repo = await db.open("BAD/DEEP");
    const all = btcCandles(); // 13,681 rows: several chunks of the streamed load precede the bad one
    const rows = all.map((c) => ({ ...c })) as Record<string, unknown>[];
    Object.assign(rows[9000] as object, { high: "0.001" });
    for (const write of [() => repo.insertMany(rows as never), () => repo.upsertMany(rows as never)]) {
      await expect(write()).rejects.toMatchObject({ row: 9000, field: "high" });
    }
    expect(await repo.coverage()).toBeNull();
    expect(await repo.getRange("1m", all[0]?.time as number, all[all.length - 1]?.time as number)).toEqual([]);
    // The aborted load left the pooled connection usable.
    expect(await repo.insertMany(all.slice(0, 5))).toMatchObject({ inserted: 5 });
  });

  it("names the first bad row whatever kind of fault a later row has", async () => {
    await using repo = await db.open("BAD/FIRST");
    const rows = () => ref.map((c) => ({ ...c })) as Record<string, unknown>[];
    const misaligned = rows();
    Object.assign(misaligned[3] as object, { volume: "-2" });
    Object.assign(misaligned[9] as object, { time: (ref[9]?.time as number) + 1 });
    await expect(repo.insertMany(misaligned as never)).rejects.toMatchObject({ row: 3, field: "volume" });
    await expect(repo.upsertMany(misaligned as never)).rejects.toMatchObject({ row: 3, field: "volume" });
    const repeated = rows();
    Object.assign(repeated[5] as object, { low: "x" });
    Object.assign(repeated[12] as object, { time: ref[2]?.time });
    await expect(repo.insertMany(repeated as never)).rejects.toMatchObject({ row: 5, field: "low" });
    // An upsert drops row 2 for row 12 (last wins), and still refuses the bad row the batch holds.
    const superseded = rows();
    Object.assign(superseded[2] as object, { volume: "-1" });
    superseded.push({ ...(ref[2] as object) });
    await expect(repo.upsertMany(superseded as never)).rejects.toMatchObject({ row: 2, field: "volume" });
    expect(await repo.coverage()).toBeNull();
  });

  it.each([
    ["an unknown unit", "1x"],
    ["the old { compression, period } query form", { compression: 1, period: "hours" }],
  ])("refuses %s as a timeframe in every function, with a ValidationError naming it", async (_, bad) => {
    await using repo = await db.open("BAD/TIMEFRAME");
    const tf = bad as never;
    const calls: [string, () => Promise<unknown>][] = [
      ["getRange", () => repo.getRange(tf, 0, 60_000)],
      ["getLatest", () => repo.getLatest(tf, 1)],
      ["getGaps", () => repo.getGaps(tf)],
      ["fetchOhlcv", () => repo.fetchOhlcv(tf, 0, 60_000)],
      ["fetchOhlcvCandles", () => repo.fetchOhlcvCandles(tf, 0, 60_000)],
      ["coverage", () => repo.coverage(tf)],
      ["getOldestTimestamp", () => repo.getOldestTimestamp(tf)],
      ["getLatestTimestamp", () => repo.getLatestTimestamp(tf)],
      ["candlesFromTrades", () => repo.candlesFromTrades(tf)],
      ["insertMany", () => repo.insertMany(ref, { timeframe: tf })],
      ["upsertMany", () => repo.upsertMany(ref, { timeframe: tf })],
    ];
    const shown = JSON.stringify(bad);
    for (const [name, call] of calls) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(ValidationError);
      expect(error, name).toMatchObject({ field: "timeframe", value: bad });
      expect((error as Error).message, name).toContain(shown);
    }
    expect(await repo.coverage()).toBeNull();
  });

  it("refuses a symbol the store doesn't know, and registers it only when asked", async () => {
    await expect(db.open("NEVER/SEEN", false)).rejects.toBeInstanceOf(UnknownSymbolError);
    await expect(db.open("NEVER/SEEN", false)).rejects.toMatchObject({ code: "UNKNOWN_SYMBOL", field: "symbol" });
    await (await db.open("NEVER/SEEN", true)).close();
    await using repo = await db.open("NEVER/SEEN", false);
    expect(repo.symbol).toBe("NEVER/SEEN");
  });

  it("turns the XRP/ETH trades into 1m candles that agree with the reference", async () => {
    const trades = xrpTrades();
    expect(trades.length).toBe(12_477);
    await using repo = await db.open("XRP/ETH");
    expect(await importFreqtradeTrades(repo, sharedDataPath("freqtrade/XRP_ETH-trades.json.gz"), { progress: false })).toBe(
      trades.length,
    );
    expect(await importFreqtradeTrades(repo, sharedDataPath("freqtrade/XRP_ETH-trades.json.gz"), { progress: false })).toBe(0);
    const expected = tradeCandles(trades);
    const got = await repo.candlesFromTrades("1m");
    expect(got.map(norm)).toEqual(expected.map(norm));
    expect(got.map((c) => [c.quoteVolume?.toString(), c.tradeCount])).toEqual(expected.map((c) => [c.quoteVolume, c.tradeCount]));
    // Stored as the store's own candles, the trade candles resample like any other.
    await repo.upsertMany(got);
    expect((await repo.getRange("1m", expected[0]?.time as number, expected.at(-1)?.time as number)).map(norm)).toEqual(
      expected.map(norm),
    );
  });

  it("keeps raw trades exact, ordered, and apart when they share a time", async () => {
    await using repo = await db.open("XRP/ETH");
    const trades = xrpTrades();
    const recent = await repo.getRecentTrades(3);
    expect(recent.map((t) => [t.tradeId, t.price.toString(), t.volume.toString(), t.side])).toEqual(
      trades.slice(-3).map((t) => [t.id, t.price, String(Number(t.amount)), t.side]),
    );
    const from = trades[0]?.time as number;
    const inRange = await repo.getTradesInRange(from, from + 60_000);
    expect(inRange.map((t) => t.tradeId)).toEqual(trades.filter((t) => t.time < from + 60_000).map((t) => t.id));
    expect(trades[0]?.time).toBe(trades[1]?.time); // two trades in the same millisecond...
    expect(inRange.slice(0, 2).map((t) => t.tradeId)).toEqual([trades[0]?.id, trades[1]?.id]); // ...stay two rows
  });

  it("imports Kraken's trades CSV, keeping trades of the same second apart", async () => {
    await using repo = await db.open("BCH/EUR");
    expect(await importKrakenTrades(repo, sharedDataPath("freqtrade/kraken-BCHEUR-trades.csv"), { progress: false })).toBe(148);
    expect(await importKrakenTrades(repo, sharedDataPath("freqtrade/kraken-BCHEUR-trades.csv"), { progress: false })).toBe(0);
    // Three trades in second 1672533909, two of them identical: all three are kept, in file order.
    const same = await repo.getTradesInRange(1672533909000, 1672533910000);
    expect(same.map((t) => [t.tradeId, t.price.toString(), t.volume.toString()])).toEqual([
      ["1672533909-0", "90", "0.05"],
      ["1672533909-1", "90", "0.55555555"],
      ["1672533909-2", "90", "0.05"],
    ]);
    const busiest = await repo.getTradesInRange(1672568359000, 1672568360000);
    expect(busiest.map((t) => t.tradeId)).toEqual(Array.from({ length: 23 }, (_, i) => `1672568359-${i}`));
    expect((await repo.tradeCoverage())?.count).toBe(148);
  });

  it("imports a Binance kline CSV with quote volume and trade count", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ohlcv-binance-"));
    const file = join(dir, "BTCUSDT-1h.csv");
    const lines = [
      "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore",
      "1704067200000,42283.58000000,42554.57000000,42261.02000000,42475.23000000,1271.68108000,1704070799999,53957248.97378900,47134,682.57581000,28957416.81833000,0",
      "1704070800000000,42475.23000000,42775.00000000,42431.65000000,42613.56000000,1196.37856000,1704074399999999,51083847.25233000,45543,617.75164000,26375744.83220000,0",
    ];
    writeFileSync(file, `${lines.join("\n")}\n`);
    await using repo = await db.open("BTC/USDT");
    expect(await importBinanceKlines(repo, file, { timeframe: "1h", progress: false })).toMatchObject({ inserted: 2 });
    const back = await repo.getRange("1h", 1704067200000, 1704070800000);
    expect(back.map((c) => [c.time.getTime(), c.close.toString(), c.quoteVolume?.toString(), c.tradeCount])).toEqual([
      [1704067200000, "42475.23", "53957248.973789", 47134],
      [1704070800000, "42613.56", "51083847.25233", 45543],
    ]);
  });

  it("migrates idempotently: opening again on the same database changes nothing", async () => {
    await using repo = await TimeseriesRepository.open({
      url: db.url,
      exchange: "testex",
      symbol: "MIGRATE/TWICE",
      create: true,
    });
    await repo.close();
    const rows = await db.query("select version from ohlcv_migrations order by version");
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4]);
    await using again = await TimeseriesRepository.open({ url: db.url, exchange: "testex", symbol: "MIGRATE/TWICE" });
    expect(again.exchange).toBe("testex");
  });
}
