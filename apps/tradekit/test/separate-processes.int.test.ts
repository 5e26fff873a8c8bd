import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createTestDatabase, redisUrl, type TestDatabase, testKeyPrefix } from "@tradekit/test-services";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freshEnv, runTradekit } from "./support/tradekit-cli.js";

// The three apps as processes of their own against real servers, as the README says to run them:
// setup's CLI, the order manager's, the strategy runner's, and a market from `tradekit feed`
// through Redis; then `tradekit report` on what they stored.
const apps = join(import.meta.dirname, "..", "..");
const SETUP = join(apps, "setup", "dist", "cli.js");
const ORDER_MANAGER = join(apps, "order-manager", "dist", "cli.js");
const RUNNER = join(apps, "strategy-runner", "dist", "cli.js");

let testDb: TestDatabase;
const cwd = mkdtempSync(join(tmpdir(), "tk-procs-"));
let env: Record<string, string>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase("tk_procs");
  env = freshEnv({
    TRADING_DATABASE_URL: testDb.url,
    REDIS_URL: redisUrl(),
    REDIS_KEY_PREFIX: testKeyPrefix("tk_procs"),
  }).env;
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await testDb?.drop();
  rmSync(cwd, { recursive: true, force: true });
});

function start(script: string, args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [script, ...args], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

it("setup, the order manager and the runner as separate processes on PostgreSQL and Redis, fed by tradekit feed", async () => {
  const init = start(SETUP, ["init", "--demo"]);
  expect(await init.exited, init.output()).toBe(0);
  // Quicker averages than the demo's, so a few hundred bars make several trades.
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  await client.query("update bot_strategy_params set value = case name when 'fastPeriod' then '5' else '15' end");
  await client.end();

  const history = await runTradekit(["feed", "--history-days", "1", "--bars", "1", "--speed", "60000"], { env, cwd });
  expect(history.code, history.stderr.slice(-2000)).toBe(0);
  const manager = start(ORDER_MANAGER, ["start"]);
  await until("the order manager to take requests", () => manager.output().includes("taking requests"), 60_000);
  const runner = start(RUNNER, ["run", "--bot", "demo-ma-cross", "--candles", "ticks"]);
  await until("the runner to run", () => /\brunning\b/.test(runner.output()), 60_000);

  const feed = await runTradekit(["feed", "--history-days", "1", "--bars", "240", "--speed", "240", "--json"], {
    env,
    cwd,
    timeoutMs: 180_000,
  });
  expect(feed.code, feed.stderr.slice(-2000)).toBe(0);
  expect(JSON.parse(feed.stdout).bars).toBe(240);
  await sleep(3_000);
  runner.child.kill("SIGTERM");
  expect(await runner.exited, runner.output().slice(-2000)).toBe(0);
  manager.child.kill("SIGTERM");
  expect(await manager.exited, manager.output().slice(-2000)).toBe(0);
  expect(runner.output()).toMatch(/run \d+ stopped: \d+ fills/);

  const report = await runTradekit(["report", "--bot", "demo-ma-cross", "--json", "--no-html"], { env, cwd });
  expect(report.code, `${report.stdout}\n${report.stderr.slice(-2000)}`).toBe(0);
  const r = JSON.parse(report.stdout).report;
  expect(r.fills).toBeGreaterThanOrEqual(2);
  expect(r.checks.map((c: { ok: boolean }) => c.ok)).toEqual(r.checks.map(() => true));
  // The runner's own summary agrees with the report built from the stored fills.
  const fills = Number(/run \d+ stopped: (\d+) fills/.exec(runner.output())?.[1]);
  expect(fills).toBe(r.fills);
}, 420_000);
