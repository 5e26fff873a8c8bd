import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli.js");

/** What a run of the CLI did. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The pino lines of stderr, parsed. */
  logs: Record<string, unknown>[];
}

/**
 * The environment of a fresh clone with no configuration: no database or Redis URL, a data
 * folder and XDG state folder of their own (`extra` adds to it). PATH and HOME stay.
 */
export function freshEnv(extra: Record<string, string> = {}): { env: Record<string, string>; home: string } {
  const home = mkdtempSync(join(tmpdir(), "tk-main-"));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(TRADING_DATABASE_URL|OHLCV_DATABASE_URL|REDIS_URL|TEST_.*|TRADEKIT_.*|XDG_STATE_HOME|LOG_LEVEL|VITEST.*)$/.test(k))
      continue;
    env[k] = v;
  }
  return { env: { ...env, XDG_STATE_HOME: join(home, "state"), TRADEKIT_DATA_DIR: join(home, "data"), ...extra }, home };
}

/**
 * Runs `node dist/cli.js ...args` in `cwd` (a folder without a .env) and resolves when it exits;
 * `onLog` sees each pino line as it comes. Killed (SIGKILL) when it outlives `timeoutMs`.
 */
export function runTradekit(
  args: readonly string[],
  options: { env: Record<string, string>; cwd: string; timeoutMs?: number; onLog?: (line: Record<string, unknown>) => void },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: options.env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let partial = "";
    const logs: Record<string, unknown>[] = [];
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      partial += d;
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          logs.push(parsed);
          options.onLog?.(parsed);
        } catch {
          // not a pino line (a progress bar never shows here: stderr is a pipe)
        }
      }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 240_000);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, logs });
    });
  });
}

/** The `label  value` lines of the terminal report, by label. */
export function reportLines(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  const start = stdout.indexOf("== tradekit report");
  const end = stdout.indexOf("\nPer symbol");
  for (const line of stdout.slice(start, end).split("\n").slice(2)) {
    const m = /^(\S.*?)\s{2,}(\S.*)$/.exec(line);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}
