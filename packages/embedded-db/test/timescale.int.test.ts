import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_MAX_CONNECTIONS, type EmbeddedDatabase, startEmbeddedDatabase } from "../src/index.js";

// One in-memory instance for the file: PGlite takes seconds to start.
let db: EmbeddedDatabase;
let pool: pg.Pool;

const MINUTE = 60_000;
const start = Date.UTC(2024, 0, 1);
// 3 hours of 1m candles for two symbols; prices are exact decimals that a float would not round-trip.
const rows = Array.from({ length: 360 }, (_, i) => {
  const minute = i % 180;
  const symbol = i < 180 ? "BTC/USDT" : "ETH/USDT";
  return { time: new Date(start + minute * MINUTE), symbol, price: `${100 + minute}.1`, volume: `${minute % 7}.25` };
});

beforeAll(async () => {
  db = await startEmbeddedDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: EMBEDDED_MAX_CONNECTIONS });
  await pool.query(`
    create table candles (time timestamptz not null, symbol text not null, open numeric not null, high numeric not null,
      low numeric not null, close numeric not null, volume numeric not null, primary key (symbol, time));
    select create_hypertable('candles', by_range('time', interval '1 day'));
  `);
  await pool.query(
    `insert into candles (time, symbol, open, high, low, close, volume)
     select t, s, p, p + 1, p - 1, p, v from unnest($1::timestamptz[], $2::text[], $3::numeric[], $4::numeric[]) as u(t, s, p, v)`,
    [rows.map((r) => r.time), rows.map((r) => r.symbol), rows.map((r) => r.price), rows.map((r) => r.volume)],
  );
});

afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

describe("the embedded database with TimescaleDB", () => {
  it("reports the extension it created and serves PostgreSQL 17", async () => {
    expect(db.timescale).toBe(true);
    expect(db.url).toBe(`postgres://postgres@127.0.0.1:${db.port}/postgres`);
    const { rows: ext } = await pool.query("select extversion from pg_extension where extname = 'timescaledb'");
    expect(ext[0].extversion).toMatch(/^2\./);
    const { rows: version } = await pool.query("show server_version_num");
    expect(Number(version[0].server_version_num)).toBeGreaterThanOrEqual(170000);
  });

  it("stores the unnest batch in a hypertable, numerics exact", async () => {
    const { rows: counted } = await pool.query(
      "select count(*)::int as n, sum(volume)::text as volume from candles where symbol = 'BTC/USDT'",
    );
    const volume = rows.filter((r) => r.symbol === "BTC/USDT").reduce((sum, r) => sum + Math.round(Number(r.volume) * 100), 0);
    expect(counted[0]).toEqual({ n: 180, volume: (volume / 100).toFixed(2) });
    const { rows: hypertables } = await pool.query("select hypertable_name from timescaledb_information.hypertables");
    expect(hypertables).toEqual([{ hypertable_name: "candles" }]);
  });

  it("resamples with time_bucket, first and last", async () => {
    const { rows: hourly } = await pool.query(`
      select time_bucket('1 hour', time) as bucket, first(open, time)::text as open, max(high)::text as high,
        min(low)::text as low, last(close, time)::text as close, count(*)::int as n
      from candles where symbol = 'BTC/USDT' group by bucket order by bucket`);
    expect(hourly.map((h) => [h.bucket.getTime(), h.open, h.high, h.low, h.close, h.n])).toEqual([
      [start, "100.1", "160.1", "99.1", "159.1", 60],
      [start + 60 * MINUTE, "160.1", "220.1", "159.1", "219.1", 60],
      [start + 120 * MINUTE, "220.1", "280.1", "219.1", "279.1", 60],
    ]);
  });

  it("answers a continuous aggregate in real time, before and after a refresh", async () => {
    await pool.query(`
      create materialized view candles_1h with (timescaledb.continuous, timescaledb.materialized_only = false) as
      select symbol, time_bucket('1 hour', time) as bucket, first(open, time) as open, last(close, time) as close,
        sum(volume) as volume
      from candles group by symbol, bucket with no data`);
    const hourly = async () =>
      (await pool.query("select close::text, volume::text from candles_1h where symbol = 'ETH/USDT' order by bucket")).rows;
    // Nothing materialized yet: every row comes from the real-time part.
    expect((await hourly()).map((h) => h.close)).toEqual(["159.1", "219.1", "279.1"]);

    await pool.query("call refresh_continuous_aggregate('candles_1h', null, null)");
    // A candle after the refresh shows up at once, through real-time aggregation...
    await pool.query("insert into candles values ($1, 'ETH/USDT', 500.5, 501, 500, 500.5, 2)", [new Date(start + 180 * MINUTE)]);
    const after = await hourly();
    expect(after).toHaveLength(4);
    expect(after[3]).toEqual({ close: "500.5", volume: "2" });
    // ...while the materialized part holds only what the refresh saw.
    await pool.query("alter materialized view candles_1h set (timescaledb.materialized_only = true)");
    expect((await hourly()).map((h) => h.close)).toEqual(["159.1", "219.1", "279.1"]);
    await pool.query("alter materialized view candles_1h set (timescaledb.materialized_only = false)");
  });

  it("compresses chunks and reads the same candles back", async () => {
    const query = "select symbol, time, close::text from candles order by symbol, time";
    const before = (await pool.query(query)).rows;
    await pool.query("alter table candles set (timescaledb.compress, timescaledb.compress_segmentby = 'symbol')");
    const { rows: compressed } = await pool.query("select count(compress_chunk(c))::int as n from show_chunks('candles') c");
    expect(compressed[0].n).toBeGreaterThan(0);
    const { rows: chunks } = await pool.query(
      "select bool_and(is_compressed) as all_compressed from timescaledb_information.chunks where hypertable_name = 'candles'",
    );
    expect(chunks[0].all_compressed).toBe(true);
    expect((await pool.query(query)).rows).toEqual(before);
  });
});
