import type pg from "pg";
import { resolveConnection } from "../connection-options.js";
import { acquirePool, type Engine } from "../pool-registry.js";
import { withClient } from "../transaction.js";
import { AGGREGATE_CHAIN, MIGRATION_STEPS } from "./migration-steps.js";
import { migrate, type TimescaleMode } from "./migrator.js";

/** What installOhlcvSchema() did. */
export interface OhlcvSchemaInstall {
  /** The steps this call applied ("1 tables", ...); empty when the schema was already current. */
  applied: string[];
  /** Whether the store runs on TimescaleDB (chosen at first install and kept). */
  timescale: boolean;
}

/** What inspectOhlcvSchema() found: the schema's steps and the objects they should have made. */
export interface OhlcvSchemaStatus {
  serverVersion: string;
  engine: Engine;
  /** Null until the first step is installed. */
  timescale: boolean | null;
  applied: string[];
  pending: string[];
  /** Objects a complete install has that the database lacks, by kind (empty arrays when complete). */
  missing: { tables: string[]; indexes: string[]; hypertables: string[]; continuousAggregates: string[] };
  /** Present hypertables and continuous aggregates (empty without TimescaleDB). */
  hypertables: string[];
  continuousAggregates: string[];
}

const TABLES = ["ohlcv_series", "ohlcv_candles", "ohlcv_trades", "ohlcv_coverage", "ohlcv_migrations", "ohlcv_settings"];
const INDEXES = ["ohlcv_trades_series_time"];
const PLAIN_INDEXES = ["ohlcv_candles_time_brin", "ohlcv_trades_time_brin"];
const HYPERTABLES = ["ohlcv_candles", "ohlcv_trades"];
const AGGREGATES = [...AGGREGATE_CHAIN.map((a) => `ohlcv_candles_${a.name}`), "ohlcv_trade_candles_1m"];
const stepName = (s: { version: number; name: string }) => `${s.version} ${s.name}`;

async function appliedVersions(c: pg.PoolClient): Promise<Set<number>> {
  const { rows } = await c.query<{ t: string | null }>("select to_regclass('ohlcv_migrations')::text as t");
  if (!rows[0]?.t) return new Set();
  const applied = await c.query<{ version: number }>("select version from ohlcv_migrations");
  return new Set(applied.rows.map((r) => r.version));
}

const names = async (c: pg.PoolClient, sql: string, params: unknown[] = []): Promise<Set<string>> =>
  new Set((await c.query<{ n: string }>(sql, params)).rows.map((r) => r.n));

/**
 * Installs or upgrades the candle store's schema at `url` (default OHLCV_DATABASE_URL, then
 * TRADING_DATABASE_URL) without opening a series, and says which steps it applied.
 */
export async function installOhlcvSchema(options: { url?: string; timescale?: TimescaleMode } = {}): Promise<OhlcvSchemaInstall> {
  const { url, poolSize, timescale } = resolveConnection(options);
  const shared = await acquirePool(url, poolSize);
  return withClient(shared.pool, "migrating the OHLCV schema", async (c) => {
    const before = await appliedVersions(c);
    const flavour = await migrate(c, timescale, url);
    const after = await appliedVersions(c);
    const applied = MIGRATION_STEPS.filter((s) => after.has(s.version) && !before.has(s.version)).map(stepName);
    return { applied, timescale: flavour.timescale };
  });
}

/** Reads, without changing anything, how far the candle store's schema at `url` is installed and what it lacks. */
export async function inspectOhlcvSchema(options: { url?: string } = {}): Promise<OhlcvSchemaStatus> {
  const { url, poolSize } = resolveConnection({ ...options, timescale: "auto" });
  const shared = await acquirePool(url, poolSize);
  return withClient(shared.pool, "inspecting the OHLCV schema", async (c) => {
    const version = (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? "unknown";
    const applied = await appliedVersions(c);
    let timescale: boolean | null = null;
    if (applied.size > 0) {
      const { rows } = await c.query<{ value: string }>("select value from ohlcv_settings where key = 'timescale'");
      timescale = rows[0]?.value === "on";
    }
    const tables = await names(c, "select tablename as n from pg_tables where schemaname = current_schema()");
    const indexes = await names(c, "select indexname as n from pg_indexes where schemaname = current_schema()");
    const extension = await names(c, "select extname as n from pg_extension where extname = 'timescaledb'");
    const hypertables = extension.size
      ? await names(c, "select hypertable_name as n from timescaledb_information.hypertables")
      : new Set<string>();
    const aggregates = extension.size
      ? await names(c, "select view_name as n from timescaledb_information.continuous_aggregates")
      : new Set<string>();
    const lacking = (wanted: string[], have: Set<string>) => (applied.size === 0 ? wanted : wanted.filter((n) => !have.has(n)));
    const onTimescale = timescale === true;
    return {
      serverVersion: version,
      engine: shared.engine,
      timescale,
      applied: MIGRATION_STEPS.filter((s) => applied.has(s.version)).map(stepName),
      pending: MIGRATION_STEPS.filter((s) => !applied.has(s.version)).map(stepName),
      missing: {
        tables: lacking(TABLES, tables),
        indexes: lacking(onTimescale ? INDEXES : [...INDEXES, ...PLAIN_INDEXES], indexes),
        hypertables: onTimescale ? lacking(HYPERTABLES, hypertables) : [],
        continuousAggregates: onTimescale ? lacking(AGGREGATES, aggregates) : [],
      },
      hypertables: HYPERTABLES.filter((h) => hypertables.has(h)),
      continuousAggregates: AGGREGATES.filter((a) => aggregates.has(a)),
    };
  });
}
