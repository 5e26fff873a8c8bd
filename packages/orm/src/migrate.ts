import type { MigrationInfo } from "@mikro-orm/core";
import { MikroORM } from "@mikro-orm/postgresql";
import pino, { type Logger } from "pino";
import { ormOptions, redactUrl } from "./database.js";
import type { DatabaseOptions } from "./database-options.js";
import { mapDatabaseError } from "./errors.js";
import { resolveDatabaseOptions } from "./resolve-options.js";

/** What `migrate()` applied. */
export interface MigrateResult {
  applied: string[];
}

/**
 * Applies every pending migration of the trading schema to the database at `options.url` (or
 * TRADING_DATABASE_URL), in one transaction; a no-op when the schema is current. A database that
 * does not exist is a DatabaseUnavailableError saying so: migrate() never creates one.
 */
export async function migrate(options: DatabaseOptions = {}): Promise<MigrateResult> {
  // One connection, and no statement timeout: a migration may legitimately run long.
  const resolved = resolveDatabaseOptions({ poolSize: 1, statementTimeoutMs: 0, ...options, credentialsKey: null });
  const logger: Logger = options.logger ?? pino({ name: "tradekit-orm", level: "silent" });
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormOptions(resolved.url, resolved));
  } catch (error) {
    throw mapDatabaseError(error);
  }
  try {
    // MikroORM's migrator creates a database it does not find; migrate() must not (only setup's
    // init creates databases), so a missing one is refused here, before the migrator starts.
    await orm.em
      .getKysely()
      .selectNoFrom((eb) => eb.lit(1).as("one"))
      .execute();
    logger.info({ url: redactUrl(resolved.url) }, "migrating trading database");
    const done: MigrationInfo[] = await orm.migrator.up();
    const applied = done.map((m) => m.name);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : "schema is up to date");
    return { applied };
  } catch (error) {
    throw mapDatabaseError(error);
  } finally {
    await orm.close(true);
  }
}
