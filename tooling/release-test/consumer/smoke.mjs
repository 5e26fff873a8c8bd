// A project outside the repository using the published @tradekit packages as installed by npm:
// plain ESM JavaScript, only the packages' public entries. The release test copies it into a
// temporary folder, installs the packages from its throwaway registry and runs it with
//   TRADING_DATABASE_URL  a database of its own on the local PostgreSQL (created and dropped by the test)
//   REDIS_URL, REDIS_KEY_PREFIX  the local Redis and a key prefix of its own
// It fails (non-zero exit, the failed assertion on stderr) unless every package did its work, and
// prints one JSON line saying what it saw, with the version of each package it loaded.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { closeCacheConnections, TickCache } from "@tradekit/cache";
import { loadConfig } from "@tradekit/config";
import { ConfigError, Decimal, Position, ValidationError } from "@tradekit/domain";
import { startEmbeddedDatabase } from "@tradekit/embedded-db";
import { closeOhlcvPools, TimeseriesRepository } from "@tradekit/ohlcv";
import { closeDatabase, initDatabase, migrate, withDatabase } from "@tradekit/orm";
import pg from "pg";

const url = process.env.TRADING_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const keyPrefix = process.env.REDIS_KEY_PREFIX;
assert.ok(url && redisUrl && keyPrefix, "TRADING_DATABASE_URL, REDIS_URL and REDIS_KEY_PREFIX must be set");
const seen = {};

// @tradekit/domain: the worked FIFO example, exactly.
function domain() {
  const position = new Position({ symbol: "BTC/USDT" });
  position.addTrade({ volume: "0.5", price: "67000", fee: "10" });
  position.addTrade({ volume: "0.3", price: "68000", fee: "6" });
  const sell = position.addTrade({ volume: "-0.2", price: "69000", fee: "5" });
  const pnl = position.calculatePnl("69500");
  assert.equal(sell.roi.toString(), "391");
  assert.equal(pnl.totalPnl.toString(), "1579");
  assert.match(pnl.pnlPercentage.toString(), /^2\.92949907/); // 1579 / 53900 x 100
  assert.equal(new Decimal("0.1").plus("0.2").toString(), "0.3");
  seen.domain = { roi: sell.roi.toString(), totalPnl: pnl.totalPnl.toString() };
}

// @tradekit/config: a good value parses, a bad one is a ConfigError of the one @tradekit/domain
// (instanceof fails if npm installed two copies of it).
function config() {
  const config = loadConfig({ RISK_MAX_POSITIONS: "3" }, { envFile: null });
  assert.equal(config.risk.maxPositions, 3);
  let error;
  try {
    loadConfig({ DB_POOL_SIZE: "abc" }, { envFile: null });
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
  assert.match(error.message, /DB_POOL_SIZE: .*"abc"/);
  seen.config = { error: error.message.split("\n")[1]?.trim() };
}

// @tradekit/orm: migrate, save a buy and a sell through a DatabaseContext, read them back with PnL.
async function orm() {
  await migrate({ url });
  await initDatabase({ url, poolSize: 2 });
  try {
    const exId = await withDatabase(async (db) => {
      const user = await db.users.create({ username: "consumer" });
      await db.exchanges.install({ name: "binance" });
      return (await db.exchanges.addAccount({ userId: user.id, exchange: "binance", name: "spot" })).id;
    });
    const fill = { exId, symbol: "BTC/USDT", fee: "1" };
    await withDatabase((db) =>
      db.trades.saveTrades([
        { ...fill, exTradeId: "t1", side: "buy", volume: "0.5", price: "67000", time: "2026-01-01T00:00:00Z" },
        { ...fill, exTradeId: "t2", side: "sell", volume: "0.5", price: "68000", time: "2026-01-01T01:00:00Z" },
      ]),
    );
    const trades = await withDatabase((db) => db.trades.getTrades({ exId }));
    assert.deepEqual(
      trades.map((t) => t.exTradeId),
      ["t1", "t2"],
    );
    // 0.5 x (68000 - 67000) - 1 - 1
    assert.equal(trades[1].result.roi.toString(), "498");
    await assert.rejects(
      withDatabase((db) =>
        db.trades.saveTrades([{ ...fill, exId: exId + 1000, exTradeId: "t3", side: "buy", volume: "1", price: "1", time: 0 }]),
      ),
      ValidationError,
    );
    seen.orm = { trades: trades.length, roi: trades[1].result.roi.toString() };
  } finally {
    await closeDatabase();
  }
}

// @tradekit/cache: a ticker round trip on Redis under this run's key prefix.
async function cache() {
  const ticks = await TickCache.open({ redisUrl, keyPrefix });
  try {
    await ticks.updateTicker("binance", { symbol: "BTC/USDT", last: "43250.10", bid: "43250", ask: "43250.2", time: Date.now() });
    const ticker = await ticks.getTicker("binance", "BTC/USDT");
    assert.equal(ticker?.last.toString(), "43250.1");
    assert.equal(ticker?.ask?.toString(), "43250.2");
    await ticks.deleteExchangeTickers("binance");
    assert.equal(await ticks.getTicker("binance", "BTC/USDT"), null);
    seen.cache = { last: ticker.last.toString() };
  } finally {
    await closeCacheConnections();
  }
}

// @tradekit/ohlcv: load two hours of 1m candles on the local PostgreSQL, resample to 1h, find a gap.
async function ohlcv() {
  const start = Date.UTC(2026, 0, 1);
  const candles = [];
  for (let i = 0; i < 120; i++) {
    if (i === 90) continue; // one missing minute
    const open = 100 + i;
    candles.push({ time: start + i * 60_000, open, high: open + 2, low: open - 1, close: open + 1, volume: "0.1" });
  }
  const repo = await TimeseriesRepository.open({ exchange: "binance", symbol: "BTC/USDT", url, create: true });
  try {
    await repo.insertMany(candles);
    const hours = await repo.getRange("1h", start, start + 3_600_000);
    assert.equal(hours.length, 2);
    const [first, second] = hours;
    assert.deepEqual([first.open, first.high, first.low, first.close, first.volume].map(String), [
      "100",
      "161",
      "99",
      "160",
      "6",
    ]);
    assert.equal(second.volume.toString(), "5.9");
    const gaps = await repo.getGaps("1m");
    assert.equal(gaps.length, 1);
    assert.equal(gaps[0].missing, 1);
    seen.ohlcv = { hours: hours.length, gaps: gaps.length };
  } finally {
    await repo.close();
    await closeOhlcvPools();
  }
}

// @tradekit/embedded-db: PostgreSQL with TimescaleDB in-process, reached over its socket with pg.
async function embeddedDb() {
  const db = await startEmbeddedDatabase();
  try {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query("select extversion from pg_extension where extname = 'timescaledb'");
    await client.end();
    assert.equal(rows.length, 1);
    seen.embeddedDb = { timescale: rows[0].extversion };
  } finally {
    await db.stop();
  }
}

domain();
config();
await orm();
await cache();
await ohlcv();
await embeddedDb();

const require = createRequire(import.meta.url);
const versions = {};
for (const name of ["cache", "config", "domain", "embedded-db", "ohlcv", "orm"]) {
  versions[`@tradekit/${name}`] = require(`@tradekit/${name}/package.json`).version;
}
console.log(JSON.stringify({ ok: true, seen, versions }));
