import { spawn } from "node:child_process";

/** How to run one command of the release flow. */
export interface RunOptions {
  cwd: string;
  /** The child's whole environment (not merged with this process's). */
  env: NodeJS.ProcessEnv;
  /** Killed (SIGKILL, with its process group) after this long; the error says so. */
  timeoutMs: number;
}

// The release flow builds and installs while other suites run beside it (pnpm test runs two tasks
// at a time on two cores): at a lower priority it takes what they leave instead of starving the
// embedded database's tests, which time out when builds compete with them.
const NICE = process.platform === "win32" ? [] : ["nice", "-n", "10"];

/** What a finished command printed. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

const TAIL = 4_000;

/**
 * Runs `command args` to the end and resolves with its output; rejects naming the command, its
 * exit code or the timeout, and the tail of what it printed, so a failing step explains itself.
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also ends what it started (turbo, tsup, npm's children).
    const [program, ...rest] = [...NICE, command, ...args] as [string, ...string[]];
    const child = spawn(program, rest, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone: the close handler reports it.
        }
      }
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start \`${command}\` in ${options.cwd}: ${error.message}`, { cause: error }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && !timedOut) {
        resolve({ stdout, stderr });
        return;
      }
      const how = timedOut ? `did not finish within ${options.timeoutMs / 1000} s` : `exited with ${code ?? signal}`;
      reject(
        new Error(
          `\`${[command, ...args].join(" ")}\` in ${options.cwd} ${how}\n--- stdout (tail)\n${stdout.slice(-TAIL)}\n--- stderr (tail)\n${stderr.slice(-TAIL)}`,
        ),
      );
    });
  });
}
