import pg from "pg";
import { isMissingDatabase, unreachable } from "./pg-failure.js";
import type { PostgresTarget } from "./postgres-url.js";

/** What one connection to a database found. */
export type ProbeResult = { exists: true; serverVersion: string } | { exists: false };

/** How long setup waits for a server to answer a connection. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Runs `fn` on a lone connection to `url`, closed afterwards; connection failures are the driver's errors. */
export async function withConnection<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An error event after connect (the server going away) must not crash the process; the pending query rejects.
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Connects once to `target`: its server version when the database exists, `exists: false` when
 * the server says it does not (3D000), ServerUnreachableError for any other connection failure.
 */
export async function probe(target: PostgresTarget, tried: string, variable: string): Promise<ProbeResult> {
  try {
    return await withConnection(target.url, async (client) => {
      const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
      return { exists: true as const, serverVersion: rows[0]?.v ?? "unknown" };
    });
  } catch (error) {
    if (isMissingDatabase(error)) return { exists: false };
    throw unreachable(target, tried, variable, error);
  }
}
