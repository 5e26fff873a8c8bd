#!/usr/bin/env node
// The README's test command. Runs lint, typecheck and every package's vitest suite through
// turbo, then reads each package's .test-results/results.json and prints one closing line,
// `N passed, N failed`, computed from those real results. A package that has a test script but
// left no results (it crashed, or turbo never ran it) counts as one failure, so a broken suite
// can never look green.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const groups = ["packages", "apps", "tooling"];

const packagesWithTests = groups.flatMap((group) => {
  const dir = join(root, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "package.json")))
    .map((entry) => join(dir, entry.name))
    .filter((pkgDir) => JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).scripts?.test);
});

for (const pkgDir of packagesWithTests) rmSync(join(pkgDir, ".test-results"), { recursive: true, force: true });

const extra = process.argv.slice(2);
// Two tasks at a time: CI has two cores, and the embedded PostgreSQL (WASM) starts slowly when it
// competes with builds for them.
const turbo = spawnSync("pnpm", ["exec", "turbo", "run", "lint", "typecheck", "test", "--continue", "--force", "--concurrency=2", ...extra], {
  cwd: root,
  stdio: "inherit",
});

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
// Each failed test, named with its file and first line of its error, repeated at the end so the
// tail of a long CI log says what broke.
const failures = [];
const firstLine = (text) => (text ?? "(no message)").split("\n").find((line) => line.trim() !== "")?.trim().slice(0, 400) ?? "(no message)";
for (const pkgDir of packagesWithTests) {
  const name = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).name;
  const file = join(pkgDir, ".test-results", "results.json");
  if (!existsSync(file)) {
    failed += 1;
    rows.push(`${name}: no results (the suite did not run to the end)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  let p = 0;
  let f = 0;
  let s = 0;
  for (const suite of report.testResults ?? []) {
    const assertions = suite.assertionResults ?? [];
    const testFile = suite.name ? suite.name.slice(pkgDir.length + 1) : "?";
    if (suite.status === "failed" && assertions.every((a) => a.status !== "failed")) {
      f += 1; // failed to load or a hook threw
      failures.push(`${name} ${testFile}: ${firstLine(suite.message)}`);
    }
    for (const a of assertions) {
      if (a.status === "passed") p += 1;
      else if (a.status === "failed") {
        f += 1;
        failures.push(`${name} ${testFile} › ${a.fullName ?? a.title}: ${firstLine(a.failureMessages?.[0])}`);
      } else s += 1;
    }
  }
  passed += p;
  failed += f;
  skipped += s;
  rows.push(`${name}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ""}`);
}

console.log("\n── test results by package ──");
for (const row of rows) console.log(`  ${row}`);
if (failures.length > 0) {
  console.log("\n── failed tests ──");
  for (const failure of failures) console.log(`  ✗ ${failure}`);
}
if (turbo.status !== 0) console.log(`turbo exited with ${turbo.status}: lint, typecheck or tests failed (see above)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : 1);
