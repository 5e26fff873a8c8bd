#!/usr/bin/env node
// `tradekit-orm-migrate [--url postgres://...]`: applies pending migrations to the trading
// database (TRADING_DATABASE_URL when --url is absent) and logs what it did with pino. It never
// creates a database: a URL naming one that does not exist is refused (tradekit-setup init
// creates, migrates and seeds).
import { parseArgs } from "node:util";
import { loadConfig } from "@tradekit/config";
import pg from "pg";
import pino from "pino";
import { redactUrl } from "./database.js";
import { migrate } from "./migrate.js";

const USAGE = `Usage: tradekit-orm-migrate [--url <postgres-url>] [--verbose]

Applies the pending migrations of the tradekit trading schema to an existing database.

Options:
  --url <url>   postgres://user:password@host:5432/database (default: TRADING_DATABASE_URL)
  --verbose     print stack traces of failures
  -h, --help    show this help

Examples:
  tradekit-orm-migrate --url postgres://postgres@127.0.0.1:5432/tradekit
  pnpm --filter @tradekit/orm migrate --url postgres://postgres@127.0.0.1:5432/tradekit

Exit codes: 0 migrated or already up to date; 1 a migration failed; 2 bad arguments, or the
database is unreachable or does not exist (create it first, or run tradekit-setup init).
`;

/** A failure the user fixes by changing the command or the server; printed as one line, exit 2. */
class UsageFailure extends Error {}

const logger = pino({ name: "tradekit-orm-migrate", level: process.env.LOG_LEVEL ?? "info" });

function readArgs(argv: string[]): { url: string | undefined; verbose: boolean; help: boolean } {
  // `pnpm run migrate -- --url ...` hands the script a literal "--" first; it means nothing here.
  const args = argv[0] === "--" ? argv.slice(1) : argv;
  try {
    const { values } = parseArgs({
      args,
      options: { url: { type: "string" }, verbose: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    return { url: values.url, verbose: values.verbose === true, help: values.help === true };
  } catch (error) {
    throw new UsageFailure(`${(error as Error).message}\n\n${USAGE}`);
  }
}

function targetUrl(given: string | undefined): string {
  if (given !== undefined) {
    if (!URL.canParse(given) || !/^postgres(ql)?:$/.test(new URL(given).protocol)) {
      throw new UsageFailure(`--url must be a postgres:// or postgresql:// URL; got ${JSON.stringify(redactUrl(given))}`);
    }
    return given;
  }
  let url: string | null;
  try {
    url = loadConfig().tradingDatabaseUrl;
  } catch (error) {
    throw new UsageFailure((error as Error).message);
  }
  if (!url) throw new UsageFailure(`no database given: pass --url or set TRADING_DATABASE_URL\n\n${USAGE}`);
  return url;
}

/** Connects once to the target, so a missing database is refused instead of created by MikroORM. */
async function assertDatabaseExists(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || "5432"}`;
  const name = decodeURIComponent(u.pathname.slice(1)) || u.username;
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "3D000") {
      throw new UsageFailure(
        `database ${JSON.stringify(name)} does not exist on ${where}; create it first (createdb ${name}, or tradekit-setup init, which creates, migrates and seeds it)`,
      );
    }
    throw new UsageFailure(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}${code ? ` (${code})` : ""}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

let verbose = process.argv.includes("--verbose");
try {
  const args = readArgs(process.argv.slice(2));
  verbose = args.verbose;
  if (args.help) {
    process.stdout.write(USAGE);
  } else {
    const url = targetUrl(args.url);
    await assertDatabaseExists(url);
    await migrate({ url, logger });
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tradekit-orm-migrate: ${message}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = error instanceof UsageFailure ? 2 : 1;
}
