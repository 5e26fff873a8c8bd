#!/usr/bin/env node
// `pnpm release`: builds the publishable packages (packages/*) and publishes, with changesets, every
// one whose version the registry does not have yet, to the registry named by TRADEKIT_REGISTRY,
// authenticated by TRADEKIT_REGISTRY_TOKEN. Apps and tooling are private and never published.
//
// Why the registry is not in a committed .npmrc (`@tradekit:registry=${TRADEKIT_REGISTRY}`): pnpm
// 12 refuses an environment placeholder in a registry URL of a file committed to the repository
// (ERR_PNPM_REGISTRY_ENV_NOT_EXPANDED), for every command and whether the variable is set or not,
// so such a file would stop every developer's `pnpm install`. It does expand placeholders in a
// user-level npmrc. So this script writes one, for the publish only, in a private temporary
// folder: the scope's registry, and the token line as the placeholder `${TRADEKIT_REGISTRY_TOKEN}`,
// which pnpm expands when it reads the file: the token itself is never written to disk.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

function fail(message) {
  console.error(`pnpm release: ${message}`);
  process.exit(1);
}

function registryUrl(value) {
  if (!value) {
    fail(
      "TRADEKIT_REGISTRY is not set. Set it to the URL of the registry the @tradekit packages are published to " +
        "(e.g. https://npm.example.internal/), and TRADEKIT_REGISTRY_TOKEN to a token that may publish there.",
    );
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    fail(`TRADEKIT_REGISTRY is not a URL: "${value}". Expected e.g. https://npm.example.internal/`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") fail(`TRADEKIT_REGISTRY must be an http(s) URL, got "${value}"`);
  if (url.username || url.password) fail("TRADEKIT_REGISTRY must not carry credentials: put the token in TRADEKIT_REGISTRY_TOKEN");
  if (url.search || url.hash) fail(`TRADEKIT_REGISTRY must be a plain registry URL, got "${value}"`);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/** Runs a command in the repository root; returns its exit status. */
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.error) {
    console.error(`pnpm release: could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

const url = registryUrl(process.env.TRADEKIT_REGISTRY);
const lines = [`@tradekit:registry=${url.href}`];
if (process.env.TRADEKIT_REGISTRY_TOKEN) {
  lines.push(`//${url.host}${url.pathname}:_authToken=\${TRADEKIT_REGISTRY_TOKEN}`);
} else {
  console.warn(`pnpm release: TRADEKIT_REGISTRY_TOKEN is not set; publishing to ${url.href} with the credentials pnpm already has for it (pnpm login)`);
}

console.log(`pnpm release: building packages/* and publishing new versions to ${url.href}`);
const built = run("pnpm", ["exec", "turbo", "run", "build", "--filter=./packages/*", "--output-logs=errors-only"]);
if (built !== 0) process.exit(built);

const dir = mkdtempSync(join(tmpdir(), "tradekit-release-"));
let published;
try {
  const npmrc = join(dir, "npmrc");
  writeFileSync(npmrc, `${lines.join("\n")}\n`, { mode: 0o600 });
  // npm and npx hand their children npm_config_userconfig, which pnpm reads before the upper-case
  // name: drop every spelling, then name this file.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.toLowerCase() !== "npm_config_userconfig"));
  env.NPM_CONFIG_USERCONFIG = npmrc;
  // Never publish somewhere else by accident (a public registry, say): ask pnpm where the scope goes.
  const routed = spawnSync("pnpm", ["config", "get", "@tradekit:registry"], { cwd: root, env, encoding: "utf8" });
  const target = routed.stdout?.trim();
  if (routed.status !== 0 || target !== url.href) {
    console.error(
      `pnpm release: pnpm would send @tradekit packages to "${target || routed.stderr?.trim()}", not to ${url.href}; ` +
        "a registry setting in the environment (npm_config_*, pnpm_config_*) or pnpm-workspace.yaml overrides it. Nothing was published.",
    );
    published = 1;
  } else {
    published = run("pnpm", ["exec", "changeset", "publish"], env);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(published);
