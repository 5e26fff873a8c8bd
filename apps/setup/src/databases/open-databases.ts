import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type TimescaleMode } from "@tradekit/config";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "@tradekit/embedded-db";
import { closeOhlcvPools } from "@tradekit/ohlcv";
import pino, { type Logger } from "pino";
import { defaultDataDir } from "./data-dir.js";
import { type PostgresTarget, parsePostgresUrl } from "./postgres-url.js";

/** How to find (or start) the databases; anything left out comes from the environment. */
export interface OpenDatabasesOptions {
  /** The trading database; default TRADING_DATABASE_URL, else the embedded one. */
  tradingUrl?: string;
  /** The candle store's database; default OHLCV_DATABASE_URL, else the trading database's URL when that is set, else embedded. */
  ohlcvUrl?: string;
  /** Folder of the embedded databases; default TRADEKIT_DATA_DIR, `$XDG_STATE_HOME/tradekit` or `~/.local/state/tradekit`. */
  dataDir?: string;
  /** The environment to read instead of process.env and ./.env (tests). */
  env?: Record<string, string | undefined>;
  /** Where setup logs; silent when omitted. */
  logger?: Logger;
}

/** One of the two databases: where it is and how it was chosen. */
export interface DatabaseEndpoint {
  readonly url: string;
  readonly target: PostgresTarget;
  /** True for an embedded server this process started (one connection at a time, one database). */
  readonly embedded: boolean;
  /** Where the URL came from, for messages ("TRADING_DATABASE_URL", ...). */
  readonly source: string;
  /** The embedded server's data folder, created by this start when `fresh`; null for a server. */
  readonly dataDir: string | null;
  readonly fresh: boolean;
}

/** The databases setup works on, started when embedded. `stop()` (or `await using`) ends them. */
export interface SetupDatabases extends AsyncDisposable {
  readonly tradingUrl: string;
  readonly ohlcvUrl: string;
  /** True when either database is an embedded server started here. */
  readonly embedded: boolean;
  /** The embedded databases' folder (`<dataDir>/trading`, `<dataDir>/ohlcv`); null when none is embedded. */
  readonly dataDir: string | null;
  readonly trading: DatabaseEndpoint;
  readonly ohlcv: DatabaseEndpoint;
  /** Trading data and candles in one database (OHLCV_DATABASE_URL unset, or equal). */
  readonly sameDatabase: boolean;
  /** REDIS_URL; null = no Redis configured. */
  readonly redisUrl: string | null;
  /** TIMESCALE_MODE (default auto). */
  readonly timescale: TimescaleMode;
  /** Closes the candle store's pools of this process and stops the embedded servers; idempotent. */
  stop(): Promise<void>;
}

const silent = pino({ level: "silent" });

function endpoint(url: string, source: string, embedded: { dataDir: string; fresh: boolean } | null = null): DatabaseEndpoint {
  return {
    url,
    target: parsePostgresUrl(url, source),
    embedded: embedded !== null,
    source,
    dataDir: embedded?.dataDir ?? null,
    fresh: embedded?.fresh ?? false,
  };
}

/**
 * Resolves where the trading database and the candle store are (DESIGN.md §3): the URLs given or
 * configured, or, with neither set, two embedded servers in one data folder, `<dataDir>/trading`
 * (the ORM's) and `<dataDir>/ohlcv` (the candle store's, with TimescaleDB), since each serves one
 * connection and the two pools are different. Bad URLs fail before anything starts.
 */
export async function openDatabases(options: OpenDatabasesOptions = {}): Promise<SetupDatabases> {
  const logger = options.logger ?? silent;
  const config = loadConfig(options.env);
  const env = options.env ?? process.env;
  const tradingGiven = options.tradingUrl ?? config.tradingDatabaseUrl ?? undefined;
  const tradingSource = options.tradingUrl !== undefined ? "the tradingUrl option" : "TRADING_DATABASE_URL";
  const ohlcvGiven = options.ohlcvUrl ?? config.ohlcvDatabaseUrl ?? undefined;
  const ohlcvSource = options.ohlcvUrl !== undefined ? "the ohlcvUrl option" : "OHLCV_DATABASE_URL";
  // Check every URL before starting anything, so a typo costs no embedded start.
  const trading = tradingGiven === undefined ? null : endpoint(tradingGiven, tradingSource);
  const ohlcvServer =
    ohlcvGiven !== undefined
      ? endpoint(ohlcvGiven, ohlcvSource)
      : trading && { ...trading, source: `${trading.source} (OHLCV_DATABASE_URL is not set)` };

  const needsEmbedded = trading === null || ohlcvServer === null;
  const dataDir = needsEmbedded ? (options.dataDir ?? defaultDataDir(env)) : null;
  const started: EmbeddedDatabase[] = [];
  const start = async (name: "trading" | "ohlcv"): Promise<DatabaseEndpoint> => {
    const dir = join(dataDir as string, name);
    const fresh = !existsSync(join(dir, "PG_VERSION"));
    logger.info({ dataDir: dir }, `starting the embedded ${name} database`);
    // The ORM's server needs no TimescaleDB; skipping it makes that server start faster.
    const db = await startEmbeddedDatabase({
      dataDir: dir,
      timescale: name === "ohlcv",
      logger: logger.child({ embedded: name }),
    });
    started.push(db);
    return endpoint(db.url, `the embedded ${name} database in ${dir}`, { dataDir: dir, fresh });
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await closeOhlcvPools();
    const failures: unknown[] = [];
    for (const db of started.reverse()) await db.stop().catch((error: unknown) => failures.push(error));
    if (failures.length) throw failures[0];
  };

  try {
    const tradingEnd = trading ?? (await start("trading"));
    const ohlcvEnd = ohlcvServer ?? (await start("ohlcv"));
    return Object.freeze({
      tradingUrl: tradingEnd.url,
      ohlcvUrl: ohlcvEnd.url,
      embedded: started.length > 0,
      dataDir,
      trading: tradingEnd,
      ohlcv: ohlcvEnd,
      sameDatabase: tradingEnd.url === ohlcvEnd.url,
      redisUrl: config.redisUrl,
      timescale: config.ohlcv.timescale,
      stop,
      [Symbol.asyncDispose]: stop,
    });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
