import { type Bench, measure } from "@tradekit/bench";
import { startEmbeddedDatabase } from "@tradekit/embedded-db";
import { closeOhlcvPools, TimeseriesRepository } from "../src/index.js";
import { randomWalkCandles } from "./candle-data.js";
import { frameBuffers, retainedBytes } from "./heap.js";

const MILLION = 1_000_000;
const YEAR = 525_600;
const START = Date.UTC(2023, 0, 1);

/**
 * The same workloads on the embedded TimescaleDB, reported without bars: PGlite runs in WASM on
 * one connection, and psql cannot be a baseline there (COPY FROM STDIN is refused).
 */
export async function embeddedBench(bench: Bench): Promise<void> {
  const db = await startEmbeddedDatabase();
  try {
    const candles = randomWalkCandles(MILLION, START);
    const open = (symbol: string) => TimeseriesRepository.open({ url: db.url, exchange: "bench", symbol, create: true });
    const rate = (rows: number, seconds: number) => Math.round(rows / seconds);

    const insert = await open("INSERT/1M");
    const ins = await measure(() => insert.insertMany(candles), { runs: 1, warmup: 0 });
    bench.value(
      "embedded: insert 1,000,000 1m candles (unnest batches + aggregate refresh)",
      rate(MILLION, ins.seconds),
      "rows/s",
    );

    const upsert = await open("UPSERT/100K");
    const hundredK = candles.slice(0, 100_000);
    await upsert.insertMany(hundredK.filter((_, i) => i % 2 === 0));
    const ups = await measure(() => upsert.upsertMany(hundredK), { runs: 1, warmup: 0 });
    bench.value("embedded: upsert 100,000 candles, half present", rate(100_000, ups.seconds), "rows/s");

    const yearEnd = START + (YEAR - 1) * 60_000;
    const read = await measure(() => insert.fetchOhlcv("1m", START, yearEnd), {
      runs: 3,
      warmup: 1,
    });
    bench.value("embedded: read a year of 1m candles into a frame", read.seconds * 1000, "ms");
    const hourly = await measure(() => insert.fetchOhlcv("1h", START, yearEnd), {
      runs: 3,
      warmup: 1,
    });
    bench.value("embedded: resample the year to 1h (continuous aggregate)", hourly.seconds * 1000, "ms");
    const gaps = await measure(() => insert.getGaps("1m"), { runs: 3, warmup: 1 });
    bench.value("embedded: find gaps in 1,000,000 candles", gaps.seconds * 1000, "ms");
    const { bytes } = await retainedBytes(() => insert.fetchOhlcv("1m", START, yearEnd), frameBuffers);
    bench.value("embedded: heap of a 525,600-candle frame", bytes / 2 ** 20, "MB", 64);
  } finally {
    await closeOhlcvPools();
    await db.stop();
  }
}
