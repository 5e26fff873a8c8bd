// The README's quick start: an embedded TimescaleDB, a month of synthetic 1m candles with a few
// minutes deliberately missing, a bulk insert with progress, resampling to 1h, the gaps, a summary.
// No configuration and no server needed: `pnpm demo`.
import type { CandleInput } from "@tradekit/domain";
import { startEmbeddedDatabase } from "@tradekit/embedded-db";
import { pino } from "pino";
import { closeOhlcvPools, createProgress, TimeseriesRepository } from "../src/index.js";

const log = pino({ name: "ohlcv-demo", level: process.env.LOG_LEVEL ?? "info" });
const MINUTE = 60_000;
const DAYS = 30;
const start = Date.UTC(2024, 0, 1);
// Three holes in the data, as real exchanges leave them: 1, 5 and 17 minutes.
const MISSING = new Set<number>([
  1_000,
  ...Array.from({ length: 5 }, (_, i) => 20_000 + i),
  ...Array.from({ length: 17 }, (_, i) => 35_000 + i),
]);

function randomWalk(): CandleInput[] {
  const candles: CandleInput[] = [];
  let price = 42_000;
  for (let i = 0; i < DAYS * 24 * 60; i++) {
    const open = price;
    const close = Math.max(1, open * (1 + (Math.random() - 0.5) * 0.002));
    price = close;
    if (MISSING.has(i)) continue;
    candles.push({
      time: start + i * MINUTE,
      open: open.toFixed(2),
      high: (Math.max(open, close) * (1 + Math.random() * 0.0005)).toFixed(2),
      low: (Math.min(open, close) * (1 - Math.random() * 0.0005)).toFixed(2),
      close: close.toFixed(2),
      volume: (Math.random() * 5).toFixed(6),
    });
  }
  return candles;
}

const db = await startEmbeddedDatabase();
log.info({ url: db.url }, "embedded TimescaleDB started");
try {
  await using repo = await TimeseriesRepository.open({ url: db.url, exchange: "demo", symbol: "BTC/USDT", create: true });
  log.info({ exchange: repo.exchange, symbol: repo.symbol, timescale: repo.timescale, engine: repo.engine }, "repository open");

  const candles = randomWalk();
  const progress = createProgress("insert 1m candles", candles.length);
  const started = performance.now();
  const written = await repo.insertMany(candles, { onProgress: (n) => progress.tick(n) });
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  log.info({ ...written, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(written.written / seconds) }, "inserted");

  const last = start + (DAYS * 24 * 60 - 1) * MINUTE;
  const hourly = await repo.fetchOhlcv("1h", start, last);
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  for (let i = 0; i < hourly.length; i++) {
    high = Math.max(high, hourly.high[i] as number);
    low = Math.min(low, hourly.low[i] as number);
  }
  log.info(
    { candles: hourly.length, firstOpen: hourly.open[0], lastClose: hourly.close[hourly.length - 1], high, low },
    "resampled to 1h",
  );

  const gaps = await repo.getGaps("1m");
  for (const gap of gaps) log.info({ from: gap.from.toISOString(), to: gap.to.toISOString(), missing: gap.missing }, "gap");
  const coverage = await repo.coverage("1m");
  log.info(
    {
      first: coverage?.first.toISOString(),
      last: coverage?.last.toISOString(),
      candles: coverage?.count,
      gaps: gaps.length,
      missingMinutes: MISSING.size,
    },
    "summary",
  );
} finally {
  await closeOhlcvPools();
  await db.stop();
  log.info("embedded database stopped");
}
