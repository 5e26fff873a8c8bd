import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

/** A Verdaccio of this test's own, on loopback, with no uplinks: nothing it serves comes from the network. */
export interface Verdaccio {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly pid: number;
  /** Registers a user through the registry's API and returns the token it grants. */
  createUser(name: string, password: string): Promise<string>;
  /** What the server printed so far (warnings and errors). */
  output(): string;
  /** Stops it by its pid (SIGTERM, SIGKILL after 5 s); idempotent. */
  stop(): Promise<void>;
}

const SERVER = join(import.meta.dirname, "verdaccio-server.mjs");

/** Its configuration: storage and users under `dir`, every package served from that storage only. */
function writeConfig(dir: string): string {
  const storage = join(dir, "storage");
  mkdirSync(storage, { recursive: true });
  const onlyUsers = { access: "$authenticated", publish: "$authenticated", unpublish: "$authenticated" };
  const config = {
    storage,
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 10 } },
    uplinks: {},
    // No `proxy` on any pattern: a package not published here is a 404, never a fetch.
    packages: { "@tradekit/*": onlyUsers, "**": onlyUsers },
    web: { enable: false },
    log: { type: "stdout", format: "pretty", level: "warn" },
  };
  const file = join(dir, "config.yaml");
  writeFileSync(file, stringify(config));
  return file;
}

/** Starts Verdaccio in a child process with its storage and config under `dir` (which must exist). */
export async function startVerdaccio(dir: string, timeoutMs = 60_000): Promise<Verdaccio> {
  const configFile = writeConfig(dir);
  const child: ChildProcess = spawn(process.execPath, [SERVER, configFile], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, HOME: dir },
  });
  if (child.pid === undefined) throw new Error("could not start Verdaccio");
  const pid = child.pid;
  let log = "";
  let exited = false;
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    log += chunk;
  });
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Verdaccio did not listen within ${timeoutMs / 1000} s:\n${log}`)),
      timeoutMs,
    );
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      log += chunk;
      const match = /LISTENING (\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      exited = true;
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited with ${code} before listening:\n${log}`));
    });
  });
  let port: number;
  try {
    port = await listening;
  } catch (error) {
    // Never leave a server behind: the caller has nothing to stop yet.
    if (!exited) process.kill(pid, "SIGKILL");
    throw error;
  }
  child.once("exit", () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}/`;

  async function createUser(name: string, password: string): Promise<string> {
    const response = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, password }),
    });
    const body = (await response.json()) as { token?: string; error?: string };
    if (response.status !== 201 || !body.token) {
      throw new Error(`Verdaccio refused to create user ${name}: ${response.status} ${JSON.stringify(body)}`);
    }
    return body.token;
  }

  async function stop(): Promise<void> {
    if (exited) return;
    const gone = once(child, "exit");
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (!exited) process.kill(pid, "SIGKILL");
    }, 5_000);
    await gone;
    clearTimeout(timer);
  }

  return { url, pid, createUser, output: () => log, stop };
}
