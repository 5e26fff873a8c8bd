import type pg from "pg";
import { toTypedError } from "./db-errors.js";
import { logger } from "./logger.js";

/** Runs `fn` in one transaction on a pooled connection; any error rolls back and is rethrown typed. */
export async function inTransaction<T>(pool: pg.Pool, what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => {
    throw toTypedError(error, what);
  });
  let broken = false;
  try {
    await client.query("begin");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    try {
      await client.query("rollback");
    } catch (rollbackError) {
      // The connection is unusable; drop it from the pool rather than hand it out again. The
      // first error is the one the caller needs; the rollback failure is logged beside it.
      broken = true;
      logger.warn({ err: rollbackError, what }, "rollback failed; connection discarded");
    }
    throw toTypedError(error, what);
  } finally {
    client.release(broken);
  }
}

/** Runs `fn` with a pooled connection outside a transaction. */
export async function withClient<T>(pool: pg.Pool, what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => {
    throw toTypedError(error, what);
  });
  try {
    return await fn(client);
  } catch (error) {
    throw toTypedError(error, what);
  } finally {
    client.release();
  }
}
