import pg from "pg";
import type { Logger } from "pino";
import type { DatabaseEndpoint } from "./open-databases.js";
import { errorCode, unreachable } from "./pg-failure.js";
import { urlOfDatabase } from "./postgres-url.js";
import { CONNECT_TIMEOUT_MS } from "./probe.js";

// Per process: two calls in one process (and any call on an embedded server, which has no room
// for a lock connection beside the work) run one after the other.
const queues = new Map<string, Promise<void>>();

// The maintenance database may be closed to this user: then the lock is taken in the target itself.
const NO_ACCESS = new Set(["3D000", "28000", "42501"]);

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/**
 * Holds a session advisory lock on the trading server while `fn` runs, so that two setup runs
 * against one database (two processes, two machines) end in the state of one. The lock lives in
 * the server's `postgres` database, which exists before the trading database is created; advisory
 * locks are per database, so every run must lock in the same one.
 */
async function withAdvisoryLock<T>(trading: DatabaseEndpoint, logger: Logger, fn: () => Promise<T>): Promise<T> {
  const target = trading.target;
  let client: pg.Client;
  try {
    client = await connect(urlOfDatabase(target, "postgres"));
  } catch (error) {
    if (!NO_ACCESS.has(errorCode(error) ?? "")) throw unreachable(target, "taking the setup lock", trading.source, error);
    try {
      client = await connect(target.url);
    } catch (inner) {
      throw unreachable(target, "taking the setup lock (the postgres database is not accessible either)", trading.source, inner);
    }
  }
  const key = `tradekit-setup:${target.database}`;
  try {
    const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtext($1)) as ok", [key]);
    if (!rows[0]?.ok) {
      logger.info({ database: target.database }, "another tradekit-setup run holds the lock on this database; waiting for it");
      await client.query("select pg_advisory_lock(hashtext($1))", [key]);
    }
    try {
      return await fn();
    } finally {
      await client.query("select pg_advisory_unlock(hashtext($1))", [key]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `fn` as the only setup run on the trading database: in this process and, on a server, on that server. */
export async function withSetupLock<T>(trading: DatabaseEndpoint, logger: Logger, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(trading.url) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  queues.set(trading.url, tail);
  await previous;
  try {
    return trading.embedded ? await fn() : await withAdvisoryLock(trading, logger, fn);
  } finally {
    release();
    if (queues.get(trading.url) === tail) queues.delete(trading.url);
  }
}
