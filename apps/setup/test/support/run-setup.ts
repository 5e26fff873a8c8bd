import { spawn } from "node:child_process";
import { join } from "node:path";

const APP = join(import.meta.dirname, "..", "..");

/** What one run of the CLI printed and returned. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// What the machine's environment might set that would point a run elsewhere than the test says.
const CLEARED = [
  "TRADING_DATABASE_URL",
  "OHLCV_DATABASE_URL",
  "REDIS_URL",
  "TIMESCALE_MODE",
  "TRADEKIT_DATA_DIR",
  "XDG_STATE_HOME",
];

/** The environment of a CLI run: the test's own, without database settings, plus `env`. */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CLEARED) delete out[key];
  return { ...out, ...env };
}

/** How long a child may run before it is stopped (a hung run must not outlive its test). */
const CHILD_TIMEOUT_MS = 200_000;

/** Runs a command as a child process with `env` and resolves when it exits (killed after CHILD_TIMEOUT_MS). */
export function run(command: string, args: string[], env: Record<string, string> = {}, cwd = APP): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cliEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the built `tradekit-setup` (dist/cli.js) with `args` and `env`. */
export const runSetup = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  run(process.execPath, [join(APP, "dist", "cli.js"), ...args], env);

/** stderr without the pino log lines: what a person reads. */
export const messages = (stderr: string): string[] =>
  stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith('{"level"'));

/** Whether the text holds a JavaScript stack frame. */
export const hasStack = (text: string): boolean => /^\s+at .+[(:]/m.test(text);
