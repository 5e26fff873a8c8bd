import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, expect, it } from "vitest";
import { OwnRedisServer } from "./support/own-redis-server.js";
import { fillKey, openStoredData, storedRun } from "./support/stored-data.js";
import { freshEnv, runTradekit } from "./support/tradekit-cli.js";

// A paper run on Redis (a server of the test's own, on a free port) that goes away for a few
// seconds in the middle of the replay: the run pauses and resumes, and what it stores is what the
// same candles give with nothing going wrong (on the in-memory cache) — nothing lost, nothing twice.
const { env, home } = freshEnv();
const dataDir = env.TRADEKIT_DATA_DIR as string;
let redis: OwnRedisServer | undefined;

afterAll(async () => {
  await redis?.stop();
  rmSync(home, { recursive: true, force: true });
});

it("Redis stopped for a few seconds during a paper run: the run pauses and resumes, nothing is lost", async () => {
  const args = ["start", "--days", "7", "--json", "--progress", "log", "--no-html"];
  const calm = await runTradekit(args, { env, cwd: home, timeoutMs: 300_000 });
  expect(calm.code, calm.stderr.slice(-3000)).toBe(0);
  expect(JSON.parse(calm.stdout).cache).toBe("memory");

  redis = await OwnRedisServer.start();
  const server = redis;
  let outage: Promise<void> | null = null;
  const stormy = await runTradekit(args, {
    env: { ...env, REDIS_URL: server.url, REDIS_COMMAND_TIMEOUT_MS: "500" },
    cwd: home,
    timeoutMs: 300_000,
    onLog: (line) => {
      const m = /^replay demo-ma-cross-run-2: (\d+)\/(\d+) bars$/.exec(String(line.msg));
      // A quarter of the way in: kill it (by its pid), wait, start it again on the same port and folder.
      if (outage === null && m && Number(m[1]) > 0 && Number(m[1]) < Number(m[2]) / 2)
        outage = (async () => {
          await server.kill();
          await sleep(4_000);
          await server.restart();
        })();
    },
  });
  expect(outage, "the replay was seen under way before it ended").not.toBeNull();
  await outage;
  expect(stormy.code, stormy.stderr.slice(-3000)).toBe(0);
  const out = JSON.parse(stormy.stdout);
  expect(out.cache).toBe("redis");
  // The run said it paused, naming Redis, and that it resumed; the runner too, if it was the one that met the outage.
  const said = (re: RegExp) => stormy.logs.findIndex((l) => re.test(String(l.msg)));
  const paused = said(/: Redis unavailable; pausing until it is back$/);
  expect(paused, "a line saying the run paused on Redis").toBeGreaterThan(0);
  expect(stormy.logs.slice(paused).some((l) => /: working again; resuming$/.test(String(l.msg)))).toBe(true);
  expect(out.run.outages).toBeGreaterThanOrEqual(1);
  const states = stormy.logs.filter((l) => l.msg === "runner state").map((l) => l.state);
  if (states.includes("paused")) expect(states.slice(states.indexOf("paused"))).toContain("running");
  expect(out.report.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);

  const data = await openStoredData(dataDir);
  try {
    const a = await storedRun(data, "demo-ma-cross-run-1");
    const b = await storedRun(data, "demo-ma-cross-run-2");
    expect(a.fills.length).toBeGreaterThan(5);
    expect(b.fills.map(fillKey)).toEqual(a.fills.map(fillKey));
    expect(b.runs.map((r) => [r.status, r.totalPnl.toFixed()])).toEqual(a.runs.map((r) => [r.status, r.totalPnl.toFixed()]));
  } finally {
    await data.close();
  }
}, 600_000);
