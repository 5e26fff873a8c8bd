import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MIGRATIONS } from "@tradekit/orm";
import { createTestDatabase, type TestDatabase } from "@tradekit/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasStack, run } from "./support/run-setup.js";
import { databaseExists, plannedDatabase, query } from "./support/server-database.js";

// The orm package's own migrate CLI, tried the three ways issue 12 found broken.
const ormCli = join(fileURLToPath(new URL(".", import.meta.resolve("@tradekit/orm"))), "cli.js");
const repoRoot = join(import.meta.dirname, "..", "..", "..");

describe("tradekit-orm-migrate", { timeout: 90_000 }, () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase("setup_orm_cli");
  });
  afterAll(async () => {
    await empty?.drop();
  });

  it("--help prints the usage with examples and exits 0; an unknown option exits 2 with the usage, no stack", async () => {
    const help = await run(process.execPath, [ormCli, "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: tradekit-orm-migrate [--url <postgres-url>]");
    expect(help.stdout).toContain("pnpm --filter @tradekit/orm migrate --url");
    const bad = await run(process.execPath, [ormCli, "--ulr", "x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("tradekit-orm-migrate: Unknown option '--ulr'");
    expect(hasStack(bad.stderr + help.stderr)).toBe(false);
  });

  it("refuses a database that does not exist, exit 2, and does not create it", async () => {
    const missing = plannedDatabase("setup_orm_cli_missing");
    const result = await run(process.execPath, [ormCli, "--url", missing.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`database "${missing.name}" does not exist on 127.0.0.1:5432; create it first`);
    expect(await databaseExists(missing.name)).toBe(false);
  });

  it("migrates through the README's pnpm command, also when pnpm hands it a literal --", async () => {
    const readme = await run("pnpm", ["--filter", "@tradekit/orm", "migrate", "--url", empty.url], {}, repoRoot);
    expect(readme.code, readme.stderr).toBe(0);
    expect(await query(empty.url, "select name from mikro_orm_migrations")).toHaveLength(MIGRATIONS.length);
    const dashed = await run("pnpm", ["--filter", "@tradekit/orm", "migrate", "--", "--url", empty.url], {}, repoRoot);
    expect(dashed.code, dashed.stderr).toBe(0);
    expect(dashed.stdout + dashed.stderr).toContain("schema is up to date");
  });
});
