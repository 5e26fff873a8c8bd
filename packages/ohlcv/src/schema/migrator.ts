import type pg from "pg";
import { TimescaleUnavailableError } from "../errors.js";
import { logger } from "../logger.js";
import { MIGRATION_STEPS, type SchemaFlavour } from "./migration-steps.js";

/** How the store uses TimescaleDB: when present ('auto'), always ('require'), or never ('off'). */
export type TimescaleMode = "auto" | "require" | "off";

// Any fixed number will do; it only has to differ from the other advisory locks of the database.
const LOCK_KEY = 7_240_601;

async function installedFlavour(client: pg.PoolClient): Promise<SchemaFlavour | null> {
  const { rows } = await client.query<{ value: string }>(`select value from ohlcv_settings where key = 'timescale'`);
  return rows[0] ? { timescale: rows[0].value === "on" } : null;
}

async function timescaleAvailable(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query("select 1 from pg_available_extensions where name = 'timescaledb'");
  return rows.length > 0;
}

async function chooseFlavour(client: pg.PoolClient, mode: TimescaleMode, url: string): Promise<SchemaFlavour> {
  const installed = await installedFlavour(client);
  if (installed) {
    if (mode === "require" && !installed.timescale) {
      throw new TimescaleUnavailableError(url, "this store was installed without it (on plain PostgreSQL)");
    }
    return installed;
  }
  if (mode === "off") return { timescale: false };
  const available = await timescaleAvailable(client);
  if (!available && mode === "require") throw new TimescaleUnavailableError(url, "the timescaledb extension is not available");
  if (!available) return { timescale: false };
  try {
    // Installed on the server is not enough: without shared_preload_libraries it cannot be created.
    await client.query("create extension if not exists timescaledb");
    return { timescale: true };
  } catch (cause) {
    if (mode === "require")
      throw new TimescaleUnavailableError(url, `creating the extension failed (${(cause as Error).message})`, { cause });
    logger.warn({ err: cause }, "timescaledb is installed on the server but cannot be created; using plain PostgreSQL");
    return { timescale: false };
  }
}

/**
 * Brings the OHLCV schema up to date, idempotently, under an advisory lock so that processes
 * starting together migrate once. The TimescaleDB choice is made at first install and kept.
 */
export async function migrate(client: pg.PoolClient, mode: TimescaleMode, url: string): Promise<SchemaFlavour> {
  await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
  try {
    await client.query(`create table if not exists ohlcv_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    await client.query("create table if not exists ohlcv_settings (key text primary key, value text not null)");
    const flavour = await chooseFlavour(client, mode, url);
    const { rows } = await client.query<{ version: number }>("select version from ohlcv_migrations");
    const applied = new Set(rows.map((r) => r.version));
    for (const step of MIGRATION_STEPS) {
      if (applied.has(step.version)) continue;
      await client.query("begin");
      try {
        if (flavour.timescale) await client.query("create extension if not exists timescaledb");
        for (const sql of step.statements(flavour)) await client.query(sql);
        await client.query("insert into ohlcv_migrations (version, name) values ($1, $2)", [step.version, step.name]);
        await client.query(`insert into ohlcv_settings (key, value) values ('timescale', $1) on conflict (key) do nothing`, [
          flavour.timescale ? "on" : "off",
        ]);
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    }
    return flavour;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]);
  }
}
