import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const CLI = join(import.meta.dirname, "../../dist/cli.js");

/** The built CLI's `start` in a process of its own, with its output kept for assertions. */
export class ManagerProcess {
  readonly lines: string[] = [];
  readonly child: ChildProcess;

  constructor(env: Record<string, string>, args: string[]) {
    this.child = spawn(process.execPath, [CLI, "start", ...args], {
      env: { ...process.env, LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let rest = "";
    const take = (chunk: Buffer) => {
      rest += chunk.toString();
      const parts = rest.split("\n");
      rest = parts.pop() ?? "";
      this.lines.push(...parts);
    };
    this.child.stdout?.on("data", take);
    this.child.stderr?.on("data", take);
  }

  /** Waits until a line matches `pattern` (or the process exits). */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((l) => pattern.test(l))) {
      if (this.child.exitCode !== null)
        throw new Error(`manager exited (${this.child.exitCode}) before ${pattern}:\n${this.lines.slice(-20).join("\n")}`);
      if (Date.now() > deadline)
        throw new Error(`no line matched ${pattern} in ${timeoutMs} ms:\n${this.lines.slice(-20).join("\n")}`);
      await sleep(50);
    }
  }

  /** SIGKILL by pid, and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once("exit", resolve));
    process.kill(this.child.pid as number, "SIGKILL");
    await gone;
  }
}
