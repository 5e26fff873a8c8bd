import { DatabaseUnavailableError } from "@tradekit/domain";
import { createTestDatabase, type TestDatabase, uniqueName } from "@tradekit/test-services";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeOhlcvPools, TimeseriesRepository } from "../src/index.js";
import { btcCandles, type RefCandle } from "./suite/reference.js";

// A connection lost in the middle of a write: the backend of the repository's own connection is
// terminated (found by the application_name this file gives its pool, on a database of its own),
// never anyone else's. The write must reject with DatabaseUnavailableError, leave nothing behind,
// and the pool must serve the next write; an unhandled 'error' from pg would crash the worker.

let db: TestDatabase;
let admin: pg.Client;
let url: string;
let app: string;
// pg's 'error' event with no listener is thrown as an uncaught exception: the process would exit.
const uncaught: unknown[] = [];
const record = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  db = await createTestDatabase("ohlcv_loss");
  app = uniqueName("victim");
  const u = new URL(db.url);
  u.searchParams.set("application_name", app);
  url = u.toString();
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  process.on("uncaughtException", record);
});

afterEach(async () => {
  // the socket's end follows the failed query by a moment
  await new Promise((r) => setTimeout(r, 200));
  expect(uncaught.map(String)).toEqual([]);
});

afterAll(async () => {
  process.off("uncaughtException", record);
  await admin?.end();
  await closeOhlcvPools();
  await db?.drop();
});

const open = (symbol: string) => TimeseriesRepository.open({ exchange: "lossex", symbol, url, create: true, poolSize: 2 });

/** Polls until the repository's backend is in the state `match` describes, then terminates that backend. */
async function terminateWhen(match: string, params: unknown[] = []): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and application_name = $1 and ${match}`,
      [app, ...params],
    );
    if (rows[0]) {
      await admin.query("select pg_terminate_backend($1)", [rows[0].pid]);
      return rows[0].pid;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no backend of ${app} reached: ${match}`);
}

async function count(symbol: string): Promise<number> {
  const { rows } = await admin.query("select count(*)::int as n from ohlcv_candles where symbol = $1", [symbol]);
  return rows[0].n;
}

/** Many more minutes than the file has, so a COPY runs long enough to be caught running. */
function manyCandles(n: number): RefCandle[] {
  const base = btcCandles()[0] as RefCandle;
  return Array.from({ length: n }, (_, i) => ({ ...base, time: base.time + i * 60_000 }));
}

describe("a connection lost during a write", () => {
  it("insertMany waiting on a row lock rejects with DatabaseUnavailableError, writes nothing, and the pool still works", async () => {
    await using repo = await open("LOCK/WAIT");
    const candles = btcCandles().slice(0, 50);
    // Another transaction holds the series row: the write's `for key share` waits behind it.
    await admin.query("begin");
    await admin.query("select 1 from ohlcv_series where symbol = 'LOCK/WAIT' for update");
    const pending = repo.insertMany(candles).catch((e: unknown) => e);
    try {
      await terminateWhen("wait_event_type = 'Lock'");
    } finally {
      await admin.query("rollback");
    }
    const error = await pending;
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/insert of 1m candles/);
    expect(await count("LOCK/WAIT")).toBe(0);
    // the same pool serves the next write
    await repo.insertMany(candles);
    expect(await count("LOCK/WAIT")).toBe(50);
  });

  it("a COPY cut off while it runs rejects with DatabaseUnavailableError, writes nothing, and the pool still works", async () => {
    await using repo = await open("COPY/CUT");
    const pending = repo.insertMany(manyCandles(400_000)).catch((e: unknown) => e);
    await terminateWhen("state = 'active' and query ilike 'copy %'");
    const error = await pending;
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(await count("COPY/CUT")).toBe(0);
    await repo.insertMany(btcCandles().slice(0, 10));
    expect(await count("COPY/CUT")).toBe(10);
  });

  it("an upsert cut off while it waits leaves the pool usable for every connection it has", async () => {
    await using repo = await open("UPSERT/CUT");
    await admin.query("begin");
    await admin.query("select 1 from ohlcv_series where symbol = 'UPSERT/CUT' for update");
    const pending = repo.upsertMany(btcCandles().slice(0, 20)).catch((e: unknown) => e);
    try {
      await terminateWhen("wait_event_type = 'Lock'");
    } finally {
      await admin.query("rollback");
    }
    expect(await pending).toBeInstanceOf(DatabaseUnavailableError);
    // both connections of the pool at once: the dead one was replaced, not handed out again
    const [a, b] = await Promise.all([repo.upsertMany(btcCandles().slice(0, 20)), repo.getLatest("1m", 5)]);
    expect(a.inserted).toBe(20);
    expect(b.length).toBeLessThanOrEqual(20);
    expect(await count("UPSERT/CUT")).toBe(20);
  });
});
