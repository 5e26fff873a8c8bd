// The hosted CI and release workflows call the same package.json scripts .ci/run calls, so they
// cannot drift apart: every `pnpm <script>` a workflow runs must exist, and CI must run what .ci/run runs.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = resolve(import.meta.dirname, "../../..");
const workflowsDir = join(root, ".github", "workflows");
const scripts = Object.keys((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: object }).scripts);

// pnpm's own commands; any other word after `pnpm` is a package.json script (`pnpm test` runs the script).
const PNPM_COMMANDS = new Set([
  "install",
  "i",
  "add",
  "remove",
  "update",
  "exec",
  "dlx",
  "store",
  "config",
  "why",
  "list",
  "ls",
  "fetch",
]);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  on: unknown;
  jobs: Record<
    string,
    { steps: Step[]; services?: Record<string, { image: string; ports?: string[] }>; env?: Record<string, string> }
  >;
}

function readWorkflow(file: string): Workflow {
  return parse(readFileSync(join(workflowsDir, file), "utf8")) as Workflow;
}

/** The commands a workflow runs: every step's `run`, and the commands it hands the changesets action. */
function commandsOf(workflow: Workflow): string[] {
  return Object.values(workflow.jobs).flatMap((job) =>
    job.steps.flatMap((step) => {
      const commands = step.run ? [step.run] : [];
      if (step.uses?.startsWith("changesets/action")) commands.push(step.with?.version ?? "", step.with?.publish ?? "");
      return commands;
    }),
  );
}

/** The package.json scripts a command text runs with pnpm (`pnpm x`, `pnpm run x`). */
function scriptsRun(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|[\s;&|(])pnpm\s+(?:run\s+)?([a-z][\w:-]*)/gm)) {
    const word = match[1] as string;
    if (!PNPM_COMMANDS.has(word)) found.push(word);
  }
  return found;
}

describe("GitHub workflows", () => {
  const files = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
  const ci = readWorkflow("ci.yml");
  const release = readWorkflow("release.yml");
  const ciRun = readFileSync(join(root, ".ci", "run"), "utf8");

  it("are the CI and the release workflow", () => {
    expect(files.sort()).toEqual(["ci.yml", "release.yml"]);
  });

  it.each(files)("%s runs only scripts that exist in package.json", (file) => {
    const named = commandsOf(readWorkflow(file)).flatMap(scriptsRun);
    expect(named.length, `${file} runs no package.json script`).toBeGreaterThan(0);
    for (const script of named) expect(scripts, `${file} runs \`pnpm ${script}\``).toContain(script);
  });

  it("CI runs the install and the scripts .ci/run runs", () => {
    const fromCiRun = scriptsRun(ciRun);
    expect(fromCiRun).toContain("test");
    const ciCommands = commandsOf(ci).join("\n");
    expect(scriptsRun(ciCommands).sort()).toEqual([...new Set(fromCiRun)].sort());
    expect(ciRun).toMatch(/pnpm install --frozen-lockfile/);
    expect(ciCommands).toMatch(/pnpm install --frozen-lockfile/);
  });

  it("CI has PostgreSQL and Redis as services, where the tests look for them", () => {
    const job = Object.values(ci.jobs)[0];
    expect(job?.services?.postgres?.image).toMatch(/^postgres:/);
    expect(job?.services?.redis?.image).toMatch(/^redis:/);
    expect(job?.env?.TEST_DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/postgres");
    expect(job?.env?.REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("the release runs on the changesets action, with the registry and its token from settings, not the file", () => {
    const steps = Object.values(release.jobs).flatMap((job) => job.steps);
    const action = steps.find((step) => step.uses?.startsWith("changesets/action@"));
    expect(action?.with).toMatchObject({ version: "pnpm version-packages", publish: "pnpm release" });
    expect(action?.env?.TRADEKIT_REGISTRY).toBe(`\${{ vars.TRADEKIT_REGISTRY }}`);
    expect(action?.env?.TRADEKIT_REGISTRY_TOKEN).toBe(`\${{ secrets.TRADEKIT_REGISTRY_TOKEN }}`);
    for (const file of files) {
      // No registry address or token written into a workflow: they come from the repository's settings.
      const text = readFileSync(join(workflowsDir, file), "utf8");
      expect(text.match(/https?:\/\/\S+/g) ?? [], file).toEqual([]);
      expect(text, file).not.toMatch(/_authToken/);
    }
  });
});
