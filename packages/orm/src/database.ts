import { Migrator } from "@mikro-orm/migrations";
import { MikroORM, type Options } from "@mikro-orm/postgresql";
import { DatabaseUnavailableError, type LookupCache } from "@tradekit/domain";
import type { Logger } from "pino";
import { CredentialCipher } from "./credentials/credential-cipher.js";
import type { DatabaseOptions } from "./database-options.js";
import { ALL_ENTITIES } from "./entities/index.js";
import { mapDatabaseError } from "./errors.js";
import { MIGRATIONS } from "./migrations/index.js";
import { guardPool } from "./pool-guard.js";
import { resolveDatabaseOptions } from "./resolve-options.js";
import { SqlExecutor } from "./sql-executor.js";

/** The MikroORM options of the trading schema for `url` (entities, migrations, pool). */
export function ormOptions(url: string, options: Omit<DatabaseOptions, "url" | "credentialsKey"> = {}): Options {
  return {
    clientUrl: url,
    entities: [...ALL_ENTITIES],
    extensions: [Migrator],
    pool: { min: 0, max: options.poolSize ?? 10 },
    driverOptions: {
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      onPoolCreated: guardPool,
    },
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: "mikro_orm_migrations",
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // Creating databases is setup's job (its init); a missing one is an error here, not a new database.
    ensureDatabase: false,
    // Queries are not logged: parameters could carry account data.
    debug: false,
    allowGlobalContext: false,
  };
}

/** One process's connection pool to the trading database and what goes with it. */
export class Database {
  private constructor(
    readonly orm: MikroORM,
    /** Seals and opens exchange credentials; null when no key is configured. */
    readonly credentials: CredentialCipher | null,
    readonly url: string,
    /** Read-through cache for symbol and exchange lookups; null = always the database. */
    readonly lookupCache: LookupCache | null = null,
    /** Where repositories log (cache fallbacks); undefined = a default pino logger. */
    readonly logger?: Logger,
  ) {}

  /** Opens the pool and checks that the server answers (DatabaseUnavailableError if not). */
  static async connect(options: DatabaseOptions = {}): Promise<Database> {
    const resolved = resolveDatabaseOptions(options);
    let orm: MikroORM;
    try {
      orm = await MikroORM.init(ormOptions(resolved.url, resolved));
    } catch (error) {
      throw asUnavailable(error, resolved.url);
    }
    const cipher = resolved.credentialsKey ? new CredentialCipher(resolved.credentialsKey) : null;
    const db = new Database(orm, cipher, resolved.url, resolved.lookupCache ?? null, resolved.logger);
    try {
      await orm.em
        .getKysely()
        .selectNoFrom((eb) => eb.lit(1).as("one"))
        .execute();
    } catch (error) {
      await orm.close(true);
      throw asUnavailable(error, resolved.url);
    }
    return db;
  }

  /** Raw SQL on the pool, outside any transaction. */
  get sql(): SqlExecutor {
    return new SqlExecutor(() => this.orm.em.getConnection().getClient() as never);
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.orm.close(true);
  }
}

function asUnavailable(error: unknown, url: string): unknown {
  const mapped = mapDatabaseError(error);
  if (mapped instanceof DatabaseUnavailableError) return mapped;
  if (mapped !== error) return mapped;
  const message = error instanceof Error ? error.message : String(error);
  return new DatabaseUnavailableError(`cannot open the trading database at ${redactUrl(url)}: ${message}`, { cause: error });
}

/** `url` with any password masked, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid url>";
  }
}
