import pg from "pg";
import { ServiceUnavailable } from "./service-unavailable.js";
import { uniqueName } from "./unique-name.js";

const HOW_TO_START =
  "Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` " +
  "(or `bash .ci/run`, which installs and starts it), or point TEST_DATABASE_URL at a server " +
  "where the user may create databases.";

/** The maintenance database the harness connects to in order to create and drop test databases. */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

/** The URL of database `name` on the test server. */
export function databaseUrlFor(name: string): string {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (cause) {
    throw new ServiceUnavailable("PostgreSQL", adminDatabaseUrl(), HOW_TO_START, { cause });
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Throws ServiceUnavailable (with how to start it) when the test PostgreSQL is down. */
export async function ensurePostgres(): Promise<void> {
  await withAdmin(async (client) => {
    await client.query("select 1");
  });
}

export interface TestDatabaseOptions {
  /** Clone this database (for example a migrated template) instead of starting empty. */
  template?: string;
}

export interface TestDatabase extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe database name: ${JSON.stringify(name)}`);
  return `"${name}"`;
};

/** Creates a database of its own for one test file; drop it in afterAll (or `await using`). */
export async function createTestDatabase(label: string, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = uniqueName(label);
  await withAdmin(async (client) => {
    const template = options.template ? ` template ${ident(options.template)}` : "";
    await client.query(`create database ${ident(name)}${template}`);
  });
  const drop = async () => {
    await withAdmin(async (client) => {
      await client.query(`drop database if exists ${ident(name)} with (force)`);
    });
  };
  return { name, url: databaseUrlFor(name), drop, [Symbol.asyncDispose]: drop };
}
