import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A redis-server of the test's own on a free port, frozen (SIGSTOP) and resumed by pid, killed at the end. */
export class OwnRedis {
  private constructor(
    readonly port: number,
    readonly child: ChildProcess,
  ) {}

  static async start(): Promise<OwnRedis> {
    const port = await freePort();
    const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    const server = new OwnRedis(port, child);
    for (const deadline = Date.now() + 5_000; ; ) {
      const probe = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return server;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`, { cause: error });
        await sleep(50);
      } finally {
        probe.disconnect();
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  freeze(): void {
    process.kill(this.child.pid as number, "SIGSTOP");
  }

  resume(): void {
    process.kill(this.child.pid as number, "SIGCONT");
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once("exit", resolve));
    this.resume();
    process.kill(this.child.pid as number, "SIGKILL");
    await gone;
  }
}
