// The standalone CLI on bad input: one line naming the value, exit 2, nothing started.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@tradekit/test-services";
import { afterAll, beforeAll, expect, inject, it } from "vitest";

const CLI = join(import.meta.dirname, "../dist/cli.js");
let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase("om_cli", { template: inject("omTemplateDatabase") });
});
afterAll(async () => testDb?.drop());

function cli(args: string[], env: Record<string, string | undefined>) {
  const { TRADING_DATABASE_URL: _, REDIS_URL: __, ...rest } = process.env;
  const run = spawnSync(process.execPath, [CLI, ...args], { env: { ...rest, LOG_LEVEL: "error", ...env }, encoding: "utf8" });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

it("no database URL, a bot id that is not a number, an unknown kill action: exit 2 with a line naming it, no stack", () => {
  const noDb = cli(["start"], {});
  expect(noDb.status).toBe(2);
  expect(noDb.out).toContain("TRADING_DATABASE_URL is not set");
  const db = { TRADING_DATABASE_URL: testDb.url };
  const badBot = cli(["start", "--bot", "abc"], db);
  expect([badBot.status, badBot.out.trim().split("\n").at(-1)]).toEqual([
    2,
    'tradekit-order-manager: --bot must be a whole number > 0; got "abc"',
  ]);
  const badAction = cli(["kill", "bogus", "--reason", "test"], db);
  expect(badAction.status).toBe(2);
  expect(badAction.out).toContain('halt, reduce or resume; got "bogus"');
  const badAccount = cli(["kill", "halt", "--reason", "test", "--account", "-3"], db);
  expect(badAccount.status).toBe(2);
  expect(badAccount.out).toContain('--account must be a whole number > 0; got "-3"');
  for (const r of [noDb, badBot, badAction, badAccount]) expect(r.out).not.toMatch(/\n\s+at /);
});
