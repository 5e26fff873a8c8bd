import type { Pool, PoolClient } from "pg";

/**
 * Gives back to the pool every connection that dies while a transaction holds it. pg-pool only
 * replaces a connection when its holder releases it, and a transaction whose COMMIT or ROLLBACK
 * fails on a dead connection is never released by Kysely: each such loss would keep a pool slot
 * for good (the next `DatabaseContext.open` times out, `close()` never resolves). Releasing it with
 * an error makes pg-pool destroy it and open a fresh one for the next caller.
 */
export function guardPool(pool: Pool): void {
  const held = new Set<PoolClient>();
  pool.on("acquire", (client) => held.add(client));
  pool.on("release", (_error, client) => held.delete(client));
  pool.on("remove", (client) => held.delete(client));
  pool.on("connect", (client) => {
    client.once("end", () => {
      if (!held.delete(client)) return;
      // A dead connection cannot commit or roll back, so a transaction never releases it. A plain
      // query's holder does release it when its query fails: that later call becomes a no-op.
      const release = client.release;
      client.release = () => {};
      release(new Error("connection lost while a transaction held it"));
    });
  });
}
