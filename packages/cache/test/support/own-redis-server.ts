import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * A redis-server of the test's own, on its own port, that the test can kill (SIGKILL), freeze
 * (SIGSTOP) and start again on the same port: a real outage without touching the shared Redis.
 */
export class OwnRedisServer {
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly password: string | null,
  ) {}

  /** Starts a server; with `requirepass`, clients must give that password. */
  static async start(options: { requirepass?: string } = {}): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await freePort(), options.requirepass ?? null);
    await server.restart();
    return server;
  }

  /** Its URL, with the right password when it requires one. */
  get url(): string {
    return this.urlWithPassword(this.password);
  }

  /** Its URL with `password` (null: none). */
  urlWithPassword(password: string | null): string {
    return password === null
      ? `redis://127.0.0.1:${this.port}`
      : `redis://:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and waits until it answers PING. */
  async restart(): Promise<void> {
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        ...(this.password === null ? [] : ["--requirepass", this.password]),
      ],
      {
        stdio: "ignore",
      },
    );
    this.#child = child;
    const deadline = Date.now() + 5_000;
    for (;;) {
      const probe = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        connectTimeout: 500,
      });
      // The probe's failures surface through connect(); this only keeps ioredis from printing them.
      probe.on("error", () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`redis-server on port ${this.port} did not start`, { cause: error });
        await sleep(50);
      } finally {
        probe.disconnect();
      }
    }
  }

  /** Kills the server abruptly and waits until the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** Freezes the server (it keeps its connections but answers nothing) until `resume`. */
  freeze(): void {
    this.#child?.kill("SIGSTOP");
  }

  resume(): void {
    this.#child?.kill("SIGCONT");
  }
}
