import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDatabaseOptions, startEmbeddedDatabase } from "../src/index.js";

let templateCache: string;
beforeAll(async () => {
  templateCache = await mkdtemp(join(tmpdir(), "embedded-db-template-"));
});
afterAll(() => rm(templateCache, { recursive: true, force: true }));

// Starts in memory with this file's own template cache; returns what the start logged.
const start = async (options: EmbeddedDatabaseOptions = {}) => {
  const logged: { msg: string; obj: Record<string, unknown> }[] = [];
  const log = (obj: object, msg?: string) => logged.push({ msg: msg ?? "", obj: obj as Record<string, unknown> });
  const db = await startEmbeddedDatabase({ templateCache, logger: { info: log, warn: log, error: log }, ...options });
  const started = logged.find((l) => l.msg === "embedded database started");
  return { db, fromTemplate: started?.obj.fromTemplate };
};

const tablesOf = async (url: string): Promise<string[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("select tablename from pg_tables where schemaname = 'public' order by 1");
  await client.end();
  return rows.map((r) => r.tablename);
};

describe("in-memory starts from a cached template", () => {
  it("caches a fresh database once, then starts from it with TimescaleDB and nothing of earlier clients", async () => {
    const first = await start();
    expect(first.fromTemplate).toBe(false);
    const client = new pg.Client({ connectionString: first.db.url });
    await client.connect();
    await client.query("create table left_behind (x int)");
    await client.end();
    await first.db.stop();

    const second = await start();
    expect(second.fromTemplate).toBe(true);
    expect(second.db.timescale).toBe(true);
    expect(await tablesOf(second.db.url)).toEqual([]);
    await second.db.stop();
  });
});
