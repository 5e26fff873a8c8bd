import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_MAX_CONNECTIONS, EmbeddedDatabaseError, startEmbeddedDatabase } from "../src/index.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "embedded-db-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const withPool = async <T>(url: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> => {
  const pool = new pg.Pool({ connectionString: url, max: EMBEDDED_MAX_CONNECTIONS });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
};

describe("starting and stopping", () => {
  it("keeps committed rows and hypertables across stop and start, and locks the directory while open", async () => {
    const dataDir = join(root, "pgdata");
    const first = await startEmbeddedDatabase({ dataDir });
    expect(first.dataDir).toBe(dataDir);

    // While it runs, a second start on the same directory is refused before touching it.
    const second = await startEmbeddedDatabase({ dataDir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(EmbeddedDatabaseError);
    expect(second).toMatchObject({ code: "DATA_DIR_LOCKED", message: expect.stringContaining(dataDir) });

    await withPool(first.url, async (pool) => {
      await pool.query("create table ticks (time timestamptz not null, price numeric not null)");
      await pool.query("select create_hypertable('ticks', by_range('time'))");
      await pool.query("insert into ticks select t, 0.1 * n from unnest($1::timestamptz[]) with ordinality as u(t, n)", [
        [new Date("2024-01-01T00:00:00Z"), new Date("2024-01-02T00:00:00Z"), new Date("2024-01-03T00:00:00Z")],
      ]);
      await pool.query("begin");
      await pool.query("insert into ticks values (now(), 999)");
      // Left open when the pool closes: it must be rolled back, not persisted.
    });
    await first.stop();
    await expect(stat(`${dataDir}.lock`)).rejects.toMatchObject({ code: "ENOENT" });

    await using reopened = await startEmbeddedDatabase({ dataDir });
    expect(reopened.timescale).toBe(true);
    const rows = await withPool(reopened.url, async (pool) => {
      const { rows: hypertables } = await pool.query("select hypertable_name from timescaledb_information.hypertables");
      expect(hypertables).toEqual([{ hypertable_name: "ticks" }]);
      // The TimescaleDB features outside its Apache core work after a restart too.
      await pool.query("alter table ticks set (timescaledb.compress)");
      await pool.query("select compress_chunk(c) from show_chunks('ticks') c");
      await pool.query(`create materialized view ticks_daily with (timescaledb.continuous) as
        select time_bucket('1 day', time) as day, last(price, time) as close from ticks group by day`);
      return (await pool.query("select price::text from ticks order by time")).rows;
    });
    expect(rows.map((r) => r.price)).toEqual(["0.1", "0.2", "0.3"]);
  });

  it("refuses a directory that holds other files, instead of letting initdb abort the process", async () => {
    const dataDir = join(root, "not-a-database");
    await mkdir(dataDir);
    await writeFile(join(dataDir, "notes.txt"), "mine");
    await expect(startEmbeddedDatabase({ dataDir })).rejects.toMatchObject({
      code: "START_FAILED",
      message: expect.stringContaining("notes.txt"),
    });
    // The lock taken for the attempt is given back.
    await expect(stat(`${dataDir}.lock`)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("stops idempotently: the port is closed and clients are disconnected", async () => {
    const db = await startEmbeddedDatabase({ timescale: false });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const clientGone = new Promise<Error>((resolve) => client.once("error", resolve));
    await Promise.all([db.stop(), db.stop()]);
    await db.stop();
    expect((await clientGone).message).toMatch(/terminated/i);
    const late = new pg.Client({ connectionString: db.url });
    await expect(late.connect()).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
