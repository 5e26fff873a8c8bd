// The release flow, end to end, against a real registry: a Verdaccio of this file's own (loopback,
// a free port, a temporary storage, no uplinks), the repository's real `pnpm version-packages` and
// `pnpm release` run in a temporary copy of the working tree (so no version bump, changelog or tag
// reaches the real one), and a project outside the repository that installs what was published
// with plain npm, uses every package against the local PostgreSQL and Redis, and type-checks
// against the published types. Then a second changeset, a second release, and the consumer's
// upgrade. Everything it started or wrote is stopped or removed in afterAll, even when a step fails.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTestDatabase, ensurePostgres, ensureRedis, redisUrl, testKeyPrefix } from "@tradekit/test-services";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv } from "../src/clean-env.js";
import { Consumer, type SmokeReport } from "../src/consumer.js";
import { RegistryClient } from "../src/registry-client.js";
import { copyWorkingTree } from "../src/repo-copy.js";
import { runCommand } from "../src/run-command.js";
import { startVerdaccio, type Verdaccio } from "../src/verdaccio.js";
import { catalogVersion, type WorkspacePackage, workspacePackages } from "../src/workspace.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const SECOND_CHANGESET = "Release test: a second release of the cache package.";
// Generous: on a loaded two-core machine one build of the six packages has taken two minutes.
const STEP_MS = 600_000;
const TEST_MS = STEP_MS + 120_000;

/** package.json texts and CHANGELOG presence of every workspace package, to prove the real tree is untouched. */
function treeSnapshot(root: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const pkg of workspacePackages(root)) {
    snapshot[`${pkg.dir}/package.json`] = readFileSync(join(root, pkg.dir, "package.json"), "utf8");
    snapshot[`${pkg.dir}/CHANGELOG.md`] = existsSync(join(root, pkg.dir, "CHANGELOG.md")) ? "present" : "absent";
  }
  return snapshot;
}

function versions(packages: readonly WorkspacePackage[]): Map<string, string> {
  return new Map(packages.map((p) => [p.name, p.version]));
}

describe("versioned internal publishing, proven against a real registry", () => {
  const keyPrefix = testKeyPrefix("release_test");
  const before = treeSnapshot(repoRoot);
  let work = "";
  let verdaccio: Verdaccio | undefined;
  let registry: RegistryClient;
  let copy = "";
  let env: NodeJS.ProcessEnv;
  let releaseEnv: NodeJS.ProcessEnv;
  let consumer: Consumer | undefined;
  // What each release published, by package name.
  let first: Map<string, string> | undefined;
  let second: Map<string, string> | undefined;

  // How long each step took, printed at the end: the flow's share of the CI budget.
  const timings: string[] = [];
  async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  const pnpm = (args: string[], withEnv: NodeJS.ProcessEnv, timeoutMs = 240_000) =>
    step(`pnpm ${args[0]}`, () => runCommand("pnpm", args, { cwd: copy, env: withEnv, timeoutMs }));
  const git = (args: string[]) => runCommand("git", args, { cwd: copy, env, timeoutMs: 60_000 });
  const publishable = () => workspacePackages(copy).filter((p) => !p.private);

  /** Runs the consumer's smoke script on a database of its own, dropped afterwards. */
  async function smoke(): Promise<SmokeReport> {
    if (!consumer) throw new Error("the consumer was not installed (an earlier step failed)");
    const run = consumer;
    await using db = await createTestDatabase("release_consumer");
    // Awaited here, so the database is dropped only after the script is done with it.
    return await step("smoke", () =>
      run.smoke({ TRADING_DATABASE_URL: db.url, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: keyPrefix, LOG_LEVEL: "silent" }),
    );
  }

  beforeAll(async () => {
    await ensurePostgres();
    await ensureRedis();
    work = mkdtempSync(join(tmpdir(), "tradekit-release-test-"));
    for (const dir of ["registry", "repo", "consumer", "scratch"]) mkdirSync(join(work, dir));
    verdaccio = await startVerdaccio(join(work, "registry"));
    const token = await verdaccio.createUser("release-bot", randomBytes(16).toString("hex"));
    registry = new RegistryClient(verdaccio.url, token);
    env = cleanEnv();
    releaseEnv = cleanEnv({ TRADEKIT_REGISTRY: verdaccio.url, TRADEKIT_REGISTRY_TOKEN: token });
    copy = join(work, "repo");
    await step("copy", () => copyWorkingTree(repoRoot, copy, env));
    // Without TRADEKIT_REGISTRY: a developer who never releases installs as before.
    await pnpm(["install", "--frozen-lockfile", "--prefer-offline", "--reporter=append-only"], env);
  }, 240_000);

  afterAll(async () => {
    console.log(`[release-test] ${timings.join(", ")}`);
    try {
      await verdaccio?.stop();
    } finally {
      if (work) rmSync(work, { recursive: true, force: true });
      const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    }
  });

  it(
    "publishes every package with a new version, with dist, README, LICENSE and real ranges, and no app",
    async () => {
      const beforeVersion = versions(workspacePackages(copy));
      await pnpm(["version-packages"], env);
      const afterVersion = workspacePackages(copy);
      await git(["add", "--all"]);
      await git(["commit", "--quiet", "--no-verify", "--allow-empty", "--message", "Version packages"]);

      await pnpm(["release"], releaseEnv, STEP_MS);

      const published = publishable();
      expect(published.map((p) => p.name).sort()).toEqual(
        [
          "@tradekit/cache",
          "@tradekit/config",
          "@tradekit/domain",
          "@tradekit/embedded-db",
          "@tradekit/ohlcv",
          "@tradekit/orm",
        ].sort(),
      );
      const internal = new Map(afterVersion.map((p) => [p.name, p.version]));
      for (const pkg of published) {
        const doc = await registry.document(pkg.name);
        expect(doc, `${pkg.name} is not in the registry`).not.toBeNull();
        expect(doc?.["dist-tags"].latest).toBe(pkg.version);
        const manifest = doc?.versions[pkg.version];
        expect(manifest, `${pkg.name}@${pkg.version} was not published`).toBeDefined();
        if (!manifest) continue;
        for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const) {
          for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
            expect(range, `${pkg.name} ${field}.${dep}`).not.toMatch(/^(workspace|catalog):/);
          }
        }
        for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
          if (dep.startsWith("@tradekit/")) expect(range, `${pkg.name} -> ${dep}`).toBe(`^${internal.get(dep)}`);
        }
        const files = await registry.tarballFiles(manifest, join(work, "scratch"));
        expect(
          files.filter((f) => !/^(dist\/.+|README\.md|LICENSE|package\.json)$/.test(f)),
          `${pkg.name} ships more`,
        ).toEqual([]);
        expect(files).toEqual(
          expect.arrayContaining(["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"]),
        );
      }
      // No uplinks: a public package the consumer needs is not served (nor fetched) by this registry.
      expect(await registry.document("decimal.js")).toBeNull();
      for (const pkg of afterVersion.filter((p) => p.private)) {
        expect(await registry.document(pkg.name), `${pkg.name} is private and must not be published`).toBeNull();
        if (pkg.dir.startsWith("apps/") && pkg.version !== beforeVersion.get(pkg.name)) {
          expect(readFileSync(join(copy, pkg.dir, "CHANGELOG.md"), "utf8")).toContain(`## ${pkg.version}`);
        }
      }
      first = versions(published);
    },
    TEST_MS,
  );

  it(
    "installs in a project outside the repository with plain npm and does real work with every package",
    async () => {
      if (!first || !verdaccio) throw new Error("the first release did not complete");
      const consumerEnv = cleanEnv({
        TRADEKIT_REGISTRY: verdaccio.url,
        TRADEKIT_REGISTRY_TOKEN: releaseEnv.TRADEKIT_REGISTRY_TOKEN ?? "",
      });
      const created = Consumer.create(join(work, "consumer"), verdaccio.url, consumerEnv);
      const wanted = [...first];
      await step("npm install", () =>
        created.install([
          ...wanted.map(([name, version]) => `${name}@^${version}`),
          `pg@${catalogVersion(repoRoot, "pg")}`,
          `typescript@${catalogVersion(repoRoot, "typescript")}`,
          `@types/node@${catalogVersion(repoRoot, "@types/node")}`,
        ]),
      );
      consumer = created;
      for (const [name, version] of first) expect(created.installedVersion(name), name).toBe(version);

      const report = await smoke();
      expect(report.versions).toEqual(Object.fromEntries(first));
      expect(report.seen.domain).toEqual({ roi: "391", totalPnl: "1579" });
      expect(report.seen.config?.error).toMatch(/^- DB_POOL_SIZE: .*"abc"/);
      expect(report.seen.orm).toEqual({ trades: 2, roi: "498" });
      expect(report.seen.cache).toEqual({ last: "43250.1" });
      expect(report.seen.ohlcv).toEqual({ hours: 2, gaps: 1 });
      expect(report.seen.embeddedDb?.timescale).toMatch(/^\d+\.\d+/);
      await step("tsc", () => created.typecheck());
    },
    TEST_MS,
  );

  it(
    "publishes the bumped versions in a second release after a new changeset",
    async () => {
      if (!first) throw new Error("the first release did not complete");
      // A patch of a package nothing else of ours depends on: only it is rebuilt (turbo's hash of a
      // package includes its dependencies', so a domain change would rebuild five) and republished.
      await pnpm(["changeset", "--patch", "@tradekit/cache", "--message", SECOND_CHANGESET], env, 60_000);
      await git(["add", "--all"]);
      await git(["commit", "--quiet", "--no-verify", "--message", "a change to the cache"]);
      await pnpm(["version-packages"], env);
      const bumped = publishable().filter((p) => p.version !== first?.get(p.name));
      expect(bumped.map((p) => p.name)).toContain("@tradekit/cache");
      expect(readFileSync(join(copy, "packages/cache/CHANGELOG.md"), "utf8")).toContain(SECOND_CHANGESET);
      await git(["add", "--all"]);
      await git(["commit", "--quiet", "--no-verify", "--message", "Version packages"]);

      await pnpm(["release"], releaseEnv, STEP_MS);

      for (const pkg of publishable()) {
        const doc = await registry.document(pkg.name);
        const isBumped = bumped.some((b) => b.name === pkg.name);
        expect(doc?.["dist-tags"].latest, pkg.name).toBe(isBumped ? pkg.version : first.get(pkg.name));
        expect(Object.keys(doc?.versions ?? {}), pkg.name).toContain(first.get(pkg.name));
      }
      second = versions(publishable());
    },
    TEST_MS,
  );

  it(
    "upgrades the consumer with npm, to one copy of each package, and it still passes",
    async () => {
      if (!second || !first || !consumer) throw new Error("the second release or the consumer did not complete");
      const bumped = [...second].filter(([name, version]) => first?.get(name) !== version).map(([name]) => name);
      await step("npm install (upgrade)", () => (consumer as Consumer).install(bumped.map((name) => `${name}@latest`)));
      for (const [name, version] of second) {
        expect(consumer.installedVersion(name), name).toBe(version);
        expect(await consumer.versionsInTree(name), `${name} installed more than once`).toEqual([version]);
      }
      const report = await smoke();
      expect(report.versions).toEqual(Object.fromEntries(second));
      expect(report.seen.orm).toEqual({ trades: 2, roi: "498" });
      await step("tsc", () => (consumer as Consumer).typecheck());
    },
    TEST_MS,
  );

  it("left the repository's own working tree as it was: no version, changelog or changeset changed", () => {
    expect(treeSnapshot(repoRoot)).toEqual(before);
  });
});
