// Every package's README shows an example and what it prints. The example is a file here
// (examples/<package>.ts, type-checked and linted with the rest), the README must contain it
// verbatim, and running it with node against the built package must print exactly the README's
// output block: change the code or the README alone and this fails.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createTestDatabase, ensurePostgres, ensureRedis, redisUrl, testKeyPrefix } from "@tradekit/test-services";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";

const here = resolve(import.meta.dirname, "..");
const repoRoot = resolve(here, "../..");

/** The fenced code blocks of a Markdown text, in order. */
function fencedBlocks(markdown: string): { lang: string; body: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? "", body: m[2] ?? "" }));
}

/** Runs `node examples/<name>.ts` with only `env` (and what node needs) and resolves with its stdout. */
function runExample(name: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join("examples", `${name}.ts`)], {
      cwd: here,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`examples/${name}.ts exited with ${code}:\n${stderr}\n${stdout}`));
    });
  });
}

// What each example needs besides the package: a database of its own, a Redis key prefix of its own.
const keyPrefix = testKeyPrefix("readme_cache");
const EXAMPLES: Record<string, () => Promise<{ env: Record<string, string>; done(): Promise<void> }>> = {
  domain: async () => ({ env: {}, done: async () => {} }),
  config: async () => ({ env: {}, done: async () => {} }),
  "embedded-db": async () => ({ env: {}, done: async () => {} }),
  orm: async () => {
    await ensurePostgres();
    const db = await createTestDatabase("readme_orm");
    return { env: { TRADING_DATABASE_URL: db.url }, done: () => db.drop() };
  },
  ohlcv: async () => {
    await ensurePostgres();
    const db = await createTestDatabase("readme_ohlcv");
    return { env: { OHLCV_DATABASE_URL: db.url }, done: () => db.drop() };
  },
  cache: async () => {
    await ensureRedis();
    return { env: { REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: keyPrefix }, done: async () => {} };
  },
};

describe("README examples", () => {
  afterAll(async () => {
    const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      const left = await redis.keys(`${keyPrefix}*`);
      if (left.length > 0) await redis.del(...left);
    } finally {
      redis.disconnect();
    }
  });

  it.each(Object.keys(EXAMPLES))(
    "packages/%s/README.md shows its example (examples/<package>.ts) verbatim and exactly what it prints",
    async (name) => {
      const readme = readFileSync(join(repoRoot, "packages", name, "README.md"), "utf8");
      const code = readFileSync(join(here, "examples", `${name}.ts`), "utf8");
      const blocks = fencedBlocks(readme);
      const at = blocks.findIndex((b) => b.lang === "ts" && b.body === code);
      expect(
        at,
        `packages/${name}/README.md does not contain examples/${name}.ts verbatim in a \`\`\`ts block`,
      ).toBeGreaterThanOrEqual(0);
      const output = blocks[at + 1];
      expect(output?.lang, `the block after the example in packages/${name}/README.md must be its output (\`\`\`text)`).toBe(
        "text",
      );

      const setup = await EXAMPLES[name]?.();
      try {
        expect(await runExample(name, setup?.env ?? {})).toBe(output?.body);
      } finally {
        await setup?.done();
      }
    },
  );
});
