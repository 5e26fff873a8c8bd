import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { redisUrl } from "@tradekit/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliIo, runCli } from "../src/cli/run-cli.js";
import { BOT_FIELD } from "../src/index.js";
import { installCatalog, PAPER_BTC, seedBot } from "./support/bot-fixture.js";
import { generatedCandles, storeInCandleStore } from "./support/candles.js";
import { openTestEnv, type TestEnv } from "./support/test-env.js";

let env: TestEnv;
let vars: Record<string, string>;

beforeAll(async () => {
  env = await openTestEnv("runner_cli");
  await installCatalog(env.database);
  await storeInCandleStore(
    env.db.url,
    PAPER_BTC,
    generatedCandles({ seed: 1, start: new Date("2024-10-07T00:00:00Z"), count: 100 }),
  );
  vars = {
    TRADING_DATABASE_URL: env.db.url,
    REDIS_URL: redisUrl(),
    REDIS_KEY_PREFIX: env.keyPrefix,
    TIMESCALE_MODE: "off",
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, vars);
});
afterAll(async () => env?.close());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe("tradekit-strategy-runner", () => {
  it("strategies --json lists what it can run with params and defaults", async () => {
    const { code, out } = await cli("--json", "strategies");
    expect(code).toBe(0);
    const list = JSON.parse(out) as { name: string; params: { name: string; default: string }[] }[];
    expect(list.map((s) => s.name)).toEqual(["ma-cross", "rsi-mean-reversion"]);
    expect(list[0]?.params.find((p) => p.name === "slowPeriod")?.default).toBe("30");
  });

  it("check validates a bot's params without running it: exit 0 with its strategies, exit 2 naming a bad param", async () => {
    await seedBot(env.database, { name: "cli-good", dryRun: true, strategies: [{ strategy: "ma-cross" }] });
    const good = await cli("--json", "check", "--bot", "cli-good");
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({
      name: "cli-good",
      dryRun: true,
      strategies: [{ strategy: "ma-cross", feeds: [{ symbol: "BTC/USDT", timeframe: "1m" }] }],
    });
    await seedBot(env.database, {
      name: "cli-bad",
      dryRun: true,
      strategies: [{ strategy: "rsi-mean-reversion", params: { period: "-3" } }],
    });
    const bad = await cli("check", "--bot", "cli-bad");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('param period must be a whole number at least 2 and at most 10000; got "-3"');
    expect(bad.err).not.toContain("    at ");
    expect((await cli("check", "--bot", "no-such-bot")).err).toContain('bot "no-such-bot" not found');
    expect((await cli("check")).code).toBe(2);
  });

  it("run, as its own process: runs the bot live until SIGTERM, then records the run and exits 0", async () => {
    const bot = await seedBot(env.database, { name: "cli-run", dryRun: true, strategies: [{ strategy: "ma-cross" }] });
    const cliPath = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", cliPath, "run", "--bot", String(bot.botId), "--candles", "ticks"], {
      env: { ...process.env, ...vars },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    const deadline = Date.now() + 60_000;
    while (!out.includes("running\n")) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the runner did not start:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const caches = await env.caches();
    expect((await caches.bots.getBot(bot.botId))?.[BOT_FIELD]).toBe("running");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toMatch(/^run \d+ stopped: 0 fills, PnL 0, max drawdown 0$/m);
    expect((await caches.bots.getBot(bot.botId))?.[BOT_FIELD]).toBe("stopped");
    const status = await cli("--json", "status", "--bot", "cli-run");
    expect(JSON.parse(status.out)).toMatchObject({ botId: bot.botId, running: null, statuses: { bot: "stopped" } });
  }, 90_000);
});
