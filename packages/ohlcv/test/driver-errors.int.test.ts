import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DatabaseTimeoutError, ValidationError } from "@tradekit/domain";
import { createTestDatabase, type TestDatabase } from "@tradekit/test-services";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toTypedError } from "../src/db-errors.js";
import { closeOhlcvPools, TimeseriesRepository } from "../src/index.js";
import { btcCandles, type RefCandle } from "./suite/reference.js";

// What PostgreSQL would refuse with a bare driver error (22021 NUL byte, 22003 numeric out of
// range, 22P02 a malformed number, 57014 statement timeout) reaches the caller as a typed error
// naming the field and the row — refused before any I/O wherever it can be.

let db: TestDatabase;
let admin: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase("ohlcv_driver");
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await closeOhlcvPools();
  await db?.drop();
});

const open = (symbol: string, url = db.url) => TimeseriesRepository.open({ exchange: "drvex", symbol, url, create: true });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

const candles = (): RefCandle[] => btcCandles().slice(0, 5);

describe("typed errors instead of driver errors", () => {
  it("a NUL byte in the exchange or symbol is refused naming the field, before a connection is taken", async () => {
    const error = await rejection(TimeseriesRepository.open({ exchange: "drvex", symbol: "BTC\u0000/USDT", url: db.url }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: "symbol" });
    expect(error.message).toMatch(/NUL/);
    const other = await rejection(TimeseriesRepository.open({ exchange: "a\u0000b", symbol: "X/Y", url: db.url }));
    expect(other).toMatchObject({ field: "exchange" });
  });

  it("a NUL byte in a raw trade id is refused naming the row and the field; nothing is written", async () => {
    await using repo = await open("NUL/TRADE");
    const trades = [
      { tradeId: "a", time: 1_700_000_000_000, price: "1", volume: "1" },
      { tradeId: "b\u0000", time: 1_700_000_000_001, price: "1", volume: "1" },
    ];
    const error = await rejection(repo.saveTrades(trades));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ row: 1, field: "tradeId" });
    expect(await repo.getRecentTrades(10)).toEqual([]);
  });

  it("a candle price beyond what PostgreSQL's numeric holds (22003) is refused as out of range, naming row and field", async () => {
    await using repo = await open("HUGE/PRICE");
    const batch = candles();
    batch[3] = { ...batch[3]!, high: "1e200000" };
    const error = await rejection(repo.insertMany(batch));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ row: 3, field: "high" });
    expect(error.message).toMatch(/at most 40 significant digits/);
    const { rows } = await admin.query("select count(*)::int as n from ohlcv_candles where symbol = 'HUGE/PRICE'");
    expect(rows[0].n).toBe(0);
  });

  it("amounts outside the domain's range are refused in candles and raw trades, naming row and field", async () => {
    await using repo = await open("RANGE/CHECK");
    const batch = candles();
    batch[1] = { ...batch[1]!, volume: `1${"0".repeat(40)}` };
    expect(await rejection(repo.insertMany(batch))).toMatchObject({ row: 1, field: "volume" });
    const digits41 = `1.${"1".repeat(40)}`;
    const upsert = candles().map((c) => ({ ...c, open: digits41, high: "5", low: "1", close: "2" }));
    expect(await rejection(repo.upsertMany(upsert))).toMatchObject({ row: 0, field: "open" });
    const trades = [{ tradeId: "t", time: 1_700_000_000_000, price: "1e-31", volume: "1" }];
    expect(await rejection(repo.saveTrades(trades))).toMatchObject({ row: 0, field: "price" });
  });

  it("times PostgreSQL would misread or refuse (years past 9999, before 1900) are refused naming row and field", async () => {
    await using repo = await open("FAR/TIME");
    const batch = candles();
    batch[4] = { ...batch[4]!, time: Date.UTC(10_000, 0, 1) };
    expect(await rejection(repo.insertMany(batch))).toMatchObject({ row: 4, field: "time" });
    const old = [{ tradeId: "t", time: Date.UTC(-5000, 0, 1), price: "1", volume: "1" }];
    expect(await rejection(repo.saveTrades(old))).toMatchObject({ row: 0, field: "time" });
    const { rows } = await admin.query("select count(*)::int as n from ohlcv_candles where symbol = 'FAR/TIME'");
    expect(rows[0].n).toBe(0);
  });

  it("zero and negative candle prices are refused naming row and field", async () => {
    await using repo = await open("ZERO/PRICE");
    const zero = candles().map((c, i) => (i === 2 ? { ...c, open: "0", low: "0" } : c));
    const error = await rejection(repo.insertMany(zero));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ row: 2, field: "low" });
    const negative = candles().map((c, i) => (i === 0 ? { ...c, open: "-2", low: "-3", close: "-1", high: "-0.5" } : c));
    expect(await rejection(repo.insertMany(negative))).toMatchObject({ row: 0, field: "low" });
  });

  it("a data error PostgreSQL raises anyway (class 22) becomes a ValidationError carrying the column and row it names", async () => {
    const bare = await rejection(admin.query("select $1::numeric as n", ["12,5"]));
    const typed = toTypedError(bare, "reading candles");
    expect(typed).toBeInstanceOf(ValidationError);
    expect(typed.message).toMatch(/reading candles was refused by the database: .*SQLSTATE 22P02/);
    expect((typed as ValidationError).cause).toBe(bare);
    // a COPY names the line and column of the bad value: row and field of the batch
    await admin.query("create temp table copy_check (n numeric)");
    const copy = await rejection(
      pipeline(Readable.from(["1\n2\nabc\n"]), admin.query(copyFrom("copy copy_check (n) from stdin"))),
    );
    const fromCopy = toTypedError(copy, "insert of 1m candles") as ValidationError;
    expect(fromCopy).toBeInstanceOf(ValidationError);
    expect(fromCopy).toMatchObject({ row: 2, field: "n" });
  });

  it("a statement timeout (57014) is a DatabaseTimeoutError saying what timed out, not a driver error", async () => {
    // a database of this test's own
    const slow = await createTestDatabase("ohlcv_timeout");
    try {
      // the schema first, without a timeout; then new connections get one far below a big COPY
      await (await open("SLOW/COPY", slow.url)).close();
      await admin.query(`alter database "${slow.name}" set statement_timeout = '150ms'`);
      await closeOhlcvPools();
      await using setup = await open("SLOW/COPY", slow.url);
      const base = btcCandles()[0] as RefCandle;
      const many = Array.from({ length: 300_000 }, (_, i) => ({ ...base, time: base.time + i * 60_000 }));
      const error = await rejection(setup.insertMany(many));
      expect(error).toBeInstanceOf(DatabaseTimeoutError);
      expect(error.message).toMatch(/insert of 1m candles/);
      expect(error.message).toMatch(/statement_timeout|timed out/);
    } finally {
      await closeOhlcvPools();
      await slow.drop();
    }
  });
});
