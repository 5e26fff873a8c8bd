import { MikroORM } from "@mikro-orm/postgresql";
import { ormOptions } from "./database.js";
import type { DatabaseOptions } from "./database-options.js";
import { mapDatabaseError } from "./errors.js";
import { resolveDatabaseOptions } from "./resolve-options.js";

/** What `checkSchema()` found in a trading database. */
export interface SchemaCheck {
  /** The server's `server_version`. */
  serverVersion: string;
  /** Migrations recorded as applied, oldest first. */
  executed: string[];
  /** Migrations of this package version not applied yet, oldest first. */
  pending: string[];
  /**
   * The SQL statements that would bring the database to the entities (missing tables, columns,
   * indexes, constraints); empty when the schema matches. Tables the entities do not know (the
   * candle store's, say) are left out.
   */
  diff: string[];
}

/**
 * Reads, without changing anything, whether the trading database at `options.url` has every
 * migration applied and every table and index of the entities. A database that does not exist
 * fails with the driver's error (SQLSTATE 3D000); it is never created.
 */
export async function checkSchema(options: DatabaseOptions = {}): Promise<SchemaCheck> {
  const resolved = resolveDatabaseOptions({ poolSize: 1, statementTimeoutMs: 0, ...options, credentialsKey: null });
  let orm: MikroORM;
  try {
    orm = await MikroORM.init({ ...ormOptions(resolved.url, resolved), ensureDatabase: false });
  } catch (error) {
    throw mapDatabaseError(error);
  }
  try {
    const connection = orm.em.getConnection();
    const [version] = await connection.execute<{ v: string }[]>("select current_setting('server_version') as v");
    const executed = (await orm.migrator.getExecuted()).map((m) => m.name);
    const pending = (await orm.migrator.getPending()).map((m) => m.name);
    // dropTables: false, because the trading database may also hold the candle store's tables.
    const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, dropTables: false });
    const diff = sql
      .split(/;\s*\n/)
      .map((s) => s.trim().replace(/;$/, ""))
      .filter((s) => s !== "" && !/^set /i.test(s));
    return { serverVersion: version?.v ?? "unknown", executed, pending, diff };
  } catch (error) {
    throw mapDatabaseError(error);
  } finally {
    await orm.close(true);
  }
}
