import { DatabaseUnavailableError } from "@tradekit/domain";
import type pg from "pg";
import { toTypedError } from "./db-errors.js";
import { logger } from "./logger.js";

/**
 * A pooled connection checked out for one operation. pg-pool listens for a connection's 'error'
 * only while it is idle; a connection whose server goes away while it is checked out (its backend
 * terminated during a COPY or a lock wait) emits 'error' with no listener, which Node turns into
 * an uncaught exception. So every checkout listens for the time it holds the connection, and a
 * connection that failed that way is discarded on release rather than handed out again.
 */
interface Checkout {
  readonly client: pg.PoolClient;
  /** Set once the connection emitted 'error': it is dead. */
  lost: Error | null;
  release(broken: boolean): void;
}

async function checkout(pool: pg.Pool, what: string): Promise<Checkout> {
  const client = await pool.connect().catch((error: unknown) => {
    throw toTypedError(error, what);
  });
  const held: Checkout = {
    client,
    lost: null,
    release(broken) {
      client.off("error", onError);
      client.release(broken || held.lost !== null);
    },
  };
  // The query that was running rejects on its own; this only keeps the event from crashing the process.
  const onError = (error: Error) => {
    held.lost = error;
  };
  client.on("error", onError);
  return held;
}

/** Runs `fn` in one transaction on a pooled connection; any error rolls back and is rethrown typed. */
export async function inTransaction<T>(pool: pg.Pool, what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const held = await checkout(pool, what);
  const { client } = held;
  let broken = false;
  try {
    await client.query("begin");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    const typed = toTypedError(error, what);
    // A lost connection's transaction is rolled back by the server (nothing of it was written);
    // a rollback on it would only fail again.
    if (held.lost !== null || typed instanceof DatabaseUnavailableError) broken = true;
    else {
      try {
        await client.query("rollback");
      } catch (rollbackError) {
        // The connection is unusable; drop it from the pool rather than hand it out again. The
        // first error is the one the caller needs; the rollback failure is logged beside it.
        broken = true;
        logger.warn({ err: rollbackError, what }, "rollback failed; connection discarded");
      }
    }
    throw typed;
  } finally {
    held.release(broken);
  }
}

/** Runs `fn` with a pooled connection outside a transaction. */
export async function withClient<T>(pool: pg.Pool, what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const held = await checkout(pool, what);
  try {
    return await fn(held.client);
  } catch (error) {
    throw toTypedError(error, what);
  } finally {
    held.release(false);
  }
}
