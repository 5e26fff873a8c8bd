import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, lockPathFor } from "./data-dir-lock.js";
import { EmbeddedDatabaseError } from "./embedded-database-error.js";

let root: string;
let dataDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "embedded-db-lock-"));
  dataDir = join(root, "pgdata");
});
afterEach(() => rm(root, { recursive: true, force: true }));

// The pid of a process that has exited: a lock it left is stale.
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
};

describe("acquireDataDirLock", () => {
  it("puts the lock next to the data directory, since initdb wants the directory empty", () => {
    expect(lockPathFor(dataDir)).toBe(`${dataDir}.lock`);
  });

  it("refuses a second holder while the first holds it, naming the owner", async () => {
    const lock = await acquireDataDirLock(dataDir);
    const second = await acquireDataDirLock(dataDir).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(EmbeddedDatabaseError);
    expect(second).toMatchObject({ code: "DATA_DIR_LOCKED" });
    expect((second as Error).message).toContain(`process ${process.pid}`);
    await lock.release();
    const again = await acquireDataDirLock(dataDir);
    await again.release();
  });

  it("lets exactly one of two concurrent starts win", async () => {
    const results = await Promise.allSettled([acquireDataDirLock(dataDir), acquireDataDirLock(dataDir)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toMatchObject({ code: "DATA_DIR_LOCKED" });
    for (const r of results) if (r.status === "fulfilled") await r.value.release();
  });

  it("takes over a lock whose owner is gone, and one that was left half-written", async () => {
    await writeFile(lockPathFor(dataDir), JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: "2020-01-01" }));
    const lock = await acquireDataDirLock(dataDir);
    expect(JSON.parse(await readFile(lock.path, "utf8")).pid).toBe(process.pid);
    await lock.release();

    await writeFile(lockPathFor(dataDir), '{"pid": 12');
    const again = await acquireDataDirLock(dataDir);
    await again.release();
  });

  it("release removes the lock file and may be called twice", async () => {
    const lock = await acquireDataDirLock(dataDir);
    await lock.release();
    await lock.release();
    await expect(stat(lock.path)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
