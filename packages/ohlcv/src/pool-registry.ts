import { DatabaseUnavailableError } from "@tradekit/domain";
import pg from "pg";
import { logger } from "./logger.js";
import { redactUrl } from "./redact-url.js";

/** Which server a URL points at: a real PostgreSQL, or the embedded PGlite engine (one connection, no COPY). */
export type Engine = "postgres" | "embedded";

/** A pool shared by every repository of this process on one URL. */
export interface SharedPool {
  readonly url: string;
  readonly pool: pg.Pool;
  readonly engine: Engine;
}

const pools = new Map<string, Promise<SharedPool>>();

// PGlite is PostgreSQL compiled with emscripten; it names its compiler in version().
const isEmbedded = (version: string): boolean => /emscripten|wasm/i.test(version);

async function detectEngine(url: string): Promise<Engine> {
  // A lone client, closed before the pool opens any: the embedded engine serves one connection at a time.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // a server lost mid-query rejects the query; without a listener its 'error' event would crash the process
  client.on("error", () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>("select version() as version");
    return isEmbedded(rows[0]?.version ?? "") ? "embedded" : "postgres";
  } catch (cause) {
    throw new DatabaseUnavailableError(`cannot reach the OHLCV database at ${redactUrl(url)}: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    await client.end();
  }
}

async function create(url: string, max: number): Promise<SharedPool> {
  const engine = await detectEngine(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: engine === "embedded" ? 1 : max,
    connectionTimeoutMillis: 30_000,
    allowExitOnIdle: true,
    // Frames parse timestamps from COPY text; pin its format whatever the server's defaults.
    ...(engine === "postgres" ? { options: "-c TimeZone=UTC -c DateStyle=ISO" } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query fails loudly.
  pool.on("error", (error) => logger.warn({ err: error, url: redactUrl(url) }, "idle OHLCV connection lost"));
  return { url, pool, engine };
}

/**
 * The process-wide pool for `url`, created on first use with `max` connections (1 on the embedded
 * engine) and kept for the life of the process, so repositories opened per operation reuse it.
 * Idle connections do not keep the process alive.
 */
export async function acquirePool(url: string, max: number): Promise<SharedPool> {
  let shared = pools.get(url);
  if (!shared) {
    shared = create(url, max);
    pools.set(url, shared);
    shared.catch(() => pools.delete(url));
  }
  return shared;
}

/** Closes every OHLCV pool of the process (at shutdown, or before dropping a database). */
export async function closeOhlcvPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  const settled = await Promise.allSettled(all);
  await Promise.all(settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.pool.end()] : [])));
}
