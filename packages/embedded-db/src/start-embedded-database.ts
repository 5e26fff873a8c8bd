import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { acquireDataDirLock } from "./data-dir-lock.js";
import { EmbeddedDatabaseError } from "./embedded-database-error.js";
import { assertPortFree } from "./listen-error.js";
import { type EmbeddedDatabaseLogger, silentLogger } from "./logger.js";
import { memoryTemplate } from "./memory-template.js";
import { openPGlite } from "./open-pglite.js";
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
  /**
   * Where the template of in-memory databases is cached (default `<os tmpdir>/tradekit-embedded-db`);
   * false: run initdb on every in-memory start.
   */
  templateCache?: string | false;
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

/** Starts PGlite (PostgreSQL 17 in WASM, with TimescaleDB) and serves it on 127.0.0.1 over the PostgreSQL protocol. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? "127.0.0.1";
  const requestedPort = options.port ?? 0;
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const templateDir = options.templateCache ?? join(tmpdir(), "tradekit-embedded-db");
  const started = performance.now();

  // Undone in reverse order by stop(), or at once when a later step of the start fails.
  const undo: (() => Promise<void>)[] = [];
  // Every step runs even when one fails (a crashed PGlite cannot close), so the port and the lock
  // are always given back; the failures are reported afterwards.
  const undoAll = async () => {
    const failures: unknown[] = [];
    for (let step = undo.pop(); step !== undefined; step = undo.pop()) {
      await step().catch((error: unknown) => failures.push(error));
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, failures.map(String).join("; "));
  };
  try {
    await assertPortFree(host, requestedPort);
    if (dataDir !== undefined) {
      const lock = await acquireDataDirLock(dataDir);
      undo.push(() => lock.release());
      await mkdir(dataDir, { recursive: true });
    }
    const template =
      dataDir === undefined && templateDir !== false ? await memoryTemplate(templateDir, options.timescale ?? true) : undefined;
    const { db, timescale, fromTemplate } = await openPGlite({ dataDir, timescale: options.timescale ?? true, template, logger });
    undo.push(() => db.close());

    const { PGLiteSocketHandler } = await import("@electric-sql/pglite-socket");
    const server = new SingleConnectionServer(db, await captureSessionDefaults(db), PGLiteSocketHandler, logger);
    const port = await server.listen(host, requestedPort);
    undo.push(() => server.stop());

    const url = `postgres://postgres@${host}:${port}/postgres`;
    const where = dataDir ?? "memory";
    const startupMs = Math.round(performance.now() - started);
    logger.info({ url, dataDir: where, timescale, fromTemplate, startupMs }, "embedded database started");
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= undoAll().then(
        () => logger.info({ url, dataDir: where }, "embedded database stopped"),
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          throw new EmbeddedDatabaseError("STOP_FAILED", `stopping the embedded database at ${url} failed: ${reason}`, {
            cause: error,
            details: { url, dataDir },
          });
        },
      );
      return stopping;
    };
    return { url, port, dataDir, timescale, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    // The start's own failure is the one to report; one while undoing it is logged.
    await undoAll().catch((undoError: unknown) =>
      logger.warn({ err: undoError }, "embedded database: cleaning up after a failed start failed too"),
    );
    throw error;
  }
}
