import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, lstatSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { runCommand } from "./run-command.js";

/**
 * Copies the working tree of the repository at `from` into `to`: every tracked file as it is on
 * disk (uncommitted changes included) and every untracked file git does not ignore, so the copy is
 * what a fresh clone of this work would hold, without node_modules, dist or caches. Then commits it
 * in a repository of its own (changesets reads git for changelogs and tags releases), so a version
 * bump or a tag in the copy can never reach the real one.
 */
export async function copyWorkingTree(from: string, to: string, env: NodeJS.ProcessEnv): Promise<number> {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: from,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  let copied = 0;
  for (const path of listed.split("\0")) {
    if (!path) continue;
    const source = join(from, path);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(source);
    } catch {
      continue; // deleted in the working tree, not yet committed
    }
    if (!stat.isFile()) continue;
    const target = join(to, path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    chmodSync(target, stat.mode & 0o777); // .ci/run and friends stay executable
    copied += 1;
  }
  const git = (args: string[]) => runCommand("git", args, { cwd: to, env, timeoutMs: 60_000 });
  await git(["init", "--quiet", "--initial-branch=main"]);
  await git(["add", "--all"]);
  await git(["commit", "--quiet", "--no-verify", "--message", "the working tree under test"]);
  return copied;
}
