import { Database } from "./database.js";
import type { DatabaseOptions } from "./database-options.js";

// One pool per process (DESIGN.md §3): contexts are short-lived, the pool is not.
let current: Promise<Database> | null = null;

/**
 * Creates the process's database pool from explicit options (tests, tools) or, for what is left
 * out, from the environment. Calling it again while a pool is open returns that pool.
 */
export function initDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (!current) {
    const opening = Database.connect(options);
    current = opening;
    // A failed open must not poison later attempts.
    opening.catch(() => {
      if (current === opening) current = null;
    });
  }
  return current;
}

/** The process's pool, created from the environment on first use. */
export function getDatabase(): Promise<Database> {
  return current ?? initDatabase();
}

/** Closes the process's pool; the next context opens a new one. */
export async function closeDatabase(): Promise<void> {
  const closing = current;
  current = null;
  // A pool that failed to open already threw to whoever awaited it; there is nothing to close.
  if (closing) await (await closing.catch(() => null))?.close();
}
