import { mkdir, open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { EmbeddedDatabaseError } from "./embedded-database-error.js";

/** Held while an embedded database has its data directory open. */
export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

/**
 * The lock sits next to the data directory (`<dataDir>.lock`), not inside it: PGlite runs initdb
 * into the directory on first start, and initdb refuses a directory that holds any file.
 */
export function lockPathFor(dataDir: string): string {
  const absolute = resolve(dataDir);
  return join(dirname(absolute), `${basename(absolute)}.lock`);
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

const readOwner = async (path: string): Promise<LockOwner | undefined> => {
  try {
    const owner = JSON.parse(await readFile(path, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" ? (owner as LockOwner) : undefined;
  } catch (error) {
    // Gone between our open and our read, or half-written by a crashed owner: both mean "no owner".
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || error instanceof SyntaxError) return undefined;
    throw error;
  }
};

/**
 * Takes the lock of `dataDir` by creating its lock file exclusively. A lock left by a process that
 * is gone (same host, pid not running) is stale and taken over; a live owner gets DATA_DIR_LOCKED.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const path = lockPathFor(dataDir);
  await mkdir(dirname(path), { recursive: true });
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(JSON.stringify(me));
      } finally {
        await handle.close();
      }
      let released = false;
      return {
        path,
        async release() {
          if (released) return;
          released = true;
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await readOwner(path);
    const stale = owner === undefined || (owner.hostname === me.hostname && !isAlive(owner.pid));
    if (!stale) {
      throw new EmbeddedDatabaseError(
        "DATA_DIR_LOCKED",
        `data directory ${JSON.stringify(resolve(dataDir))} is in use by process ${owner.pid} on ${owner.hostname} ` +
          `(since ${owner.startedAt}); stop that embedded database first, or delete ${path} if you are sure it is gone`,
        { details: { dataDir: resolve(dataDir), lockPath: path, owner } },
      );
    }
    await rm(path, { force: true });
  }
  throw new EmbeddedDatabaseError(
    "DATA_DIR_LOCKED",
    `could not take the lock ${path} of data directory ${JSON.stringify(resolve(dataDir))}: another process keeps taking it`,
    { details: { dataDir: resolve(dataDir), lockPath: path } },
  );
}
