import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Bench, measure } from "@tradekit/bench";
import { createTestDatabase } from "@tradekit/test-services";
import pg from "pg";
import { frameSelect } from "../src/frame-reader.js";
import { gapSql } from "../src/gap-finder.js";
import { closeOhlcvPools, TimeseriesRepository } from "../src/index.js";
import { resampleSql } from "../src/series-source.js";
import { MAX_TIME, MIN_TIME } from "../src/time-bounds.js";
import { COPY_COLUMNS, randomWalkCandles, writeCopyFile } from "./candle-data.js";
import { frameBuffers, retainedBytes } from "./heap.js";
import { inlineParams, psql } from "./psql.js";

const MILLION = 1_000_000;
const YEAR = 525_600;
const START = Date.UTC(2023, 0, 1);

type Truncate = () => Promise<void>;

async function insertWorkload(bench: Bench, repo: TimeseriesRepository, url: string, truncate: Truncate): Promise<void> {
  const candles = randomWalkCandles(MILLION, START);
  const file = join(tmpdir(), `ohlcv-bench-${process.pid}.copy`);
  writeCopyFile(file, "bench", "BTC/USDT", candles);
  await bench.rate(
    "insert 1,000,000 1m candles (insertMany, COPY)",
    MILLION,
    () => repo.insertMany(candles),
    () => psql(url, `\\copy ohlcv_candles (${COPY_COLUMNS}) from '${file}'`),
    0.8,
    { runs: 3, warmup: 1, setup: truncate },
  );
  rmSync(file);
}

async function upsertWorkload(bench: Bench, repo: TimeseriesRepository, url: string, truncate: Truncate): Promise<void> {
  const candles = randomWalkCandles(100_000, START);
  const file = join(tmpdir(), `ohlcv-bench-100k-${process.pid}.copy`);
  writeCopyFile(file, "bench", "BTC/USDT", candles);
  const halfPresent = candles.filter((_, i) => i % 2 === 0);
  await bench.rate(
    "upsert 100,000 candles, half present (upsertMany)",
    100_000,
    () => repo.upsertMany(candles),
    () => psql(url, `\\copy ohlcv_candles (${COPY_COLUMNS}) from '${file}'`),
    0.4,
    {
      runs: 5,
      setup: async () => {
        await truncate();
        await repo.insertMany(halfPresent);
      },
      baselineSetup: truncate,
    },
  );
  rmSync(file);
}

// A year of 1m candles, then more with every 97th minute missing: ~4,900 gaps in ~995,000 candles.
async function loadWithGaps(repo: TimeseriesRepository): Promise<number> {
  const rows = randomWalkCandles(MILLION, START).filter((_, i) => i < YEAR || i % 97 !== 0);
  await repo.insertMany(rows);
  return rows.length;
}

/** DESIGN.md §9's OHLCV bars on the local PostgreSQL, each against psql in the same run. */
export async function postgresBench(bench: Bench): Promise<void> {
  const db = await createTestDatabase("ohlcv_bench");
  const admin = new pg.Client({ connectionString: db.url });
  try {
    const repo = await TimeseriesRepository.open({ url: db.url, exchange: "bench", symbol: "BTC/USDT", create: true });
    await admin.connect();
    const truncate = async () => {
      await admin.query("truncate ohlcv_candles, ohlcv_coverage");
      await admin.query("vacuum analyze ohlcv_candles");
    };
    // Each workload makes its own rows and lets them go, so that a million candle objects kept
    // alive do not slow every later measurement's garbage collection.
    await insertWorkload(bench, repo, db.url, truncate);
    await upsertWorkload(bench, repo, db.url, truncate);
    await truncate();
    const withGaps = await loadWithGaps(repo);
    await admin.query("vacuum analyze ohlcv_candles");
    const yearEnd = START + (YEAR - 1) * 60_000;
    const series = ["bench", "BTC/USDT", new Date(START), new Date(yearEnd + 60_000)];

    const stored = `select time, open, high, low, close, volume, quote_volume, trade_count from ohlcv_candles
        where exchange = $1 and symbol = $2 and timeframe = $5 and time >= $3 and time < $4`;
    await bench.time(
      "read a year of 1m candles (525,600) into a frame",
      () => repo.fetchOhlcv("1m", START, yearEnd),
      () => psql(db.url, `\\copy (${inlineParams(`${stored} order by time`, [...series, "1m"])}) to '/dev/null'`),
      1.5,
    );

    const hourly = frameSelect(resampleSql);
    await bench.time(
      "resample the year to 1h (fetchOhlcv)",
      () => repo.fetchOhlcv("1h", START, yearEnd),
      () => psql(db.url, inlineParams(hourly, [...series, "1m", "3600 seconds", "1970-01-01 00:00:00+00"])),
      1.2,
    );
    const exact = await measure(() => repo.getRange("1h", START, yearEnd));
    const exactSql = await measure(() =>
      psql(db.url, inlineParams(resampleSql, [...series, "1m", "3600 seconds", "1970-01-01 00:00:00+00"])),
    );
    bench.value(
      `resample the year to 1h as exact Candle rows (getRange; ${(exact.seconds / exactSql.seconds).toFixed(2)}x its SQL via psql)`,
      exact.seconds * 1000,
      "ms",
    );

    const source = { sql: stored, params: ["1m"], base: "1m", kind: "stored" as const };
    const all = ["bench", "BTC/USDT", new Date(MIN_TIME), new Date(MAX_TIME + 60_000), "1m", "60 seconds"];
    let gapsFound = 0;
    await bench.time(
      `find gaps in ${withGaps.toLocaleString("en-US")} candles (getGaps)`,
      async () => {
        gapsFound = (await repo.getGaps("1m")).length;
      },
      () => psql(db.url, inlineParams(gapSql(source, { from: false, to: false }), all)),
      1.2,
    );
    if (gapsFound === 0) throw new Error("the gap benchmark found no gaps; its data is wrong");

    const { bytes, value } = await retainedBytes(() => repo.fetchOhlcv("1m", START, yearEnd), frameBuffers);
    bench.value(`heap of a ${value.length.toLocaleString("en-US")}-candle frame`, bytes / 2 ** 20, "MB", 64);
    await repo.close();
  } finally {
    await admin.end();
    await closeOhlcvPools();
    await db.drop();
  }
}
