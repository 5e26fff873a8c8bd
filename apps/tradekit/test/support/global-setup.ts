// The CLI tests run the built program (`node dist/cli.js`) as `pnpm start` does. Rebuild it first
// when a source file is newer than the build, so a test never runs yesterday's CLI. The browser
// test needs Debian's chromium: its absence is a failure here, not a skipped test.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensurePostgres, ensureRedis } from "@tradekit/test-services";
import { CHROMIUM } from "./browser.js";

const root = join(import.meta.dirname, "..", "..");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default async function setup(): Promise<void> {
  await ensurePostgres();
  await ensureRedis();
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the HTML report test opens the page in Debian's chromium (apt-get install -y chromium; .ci/run does it)`,
    );
  const cli = join(root, "dist", "cli.js");
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource(join(root, "src"))) {
    execFileSync("pnpm", ["exec", "tsup"], { cwd: root, stdio: "inherit" });
  }
}
