import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryTemplate } from "./memory-template.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "embedded-db-template-unit-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const bytes = new TextEncoder().encode("a data directory dump, as far as this test cares");
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("memoryTemplate", () => {
  it("is keyed by the PGlite build's version and the extension", async () => {
    const withTimescale = await memoryTemplate(dir, true);
    const plain = await memoryTemplate(dir, false);
    expect(withTimescale.path).toMatch(/[/\\]pglite-\d+\.\d+\.\d+[^/\\]*-timescaledb\.tar$/);
    expect(plain.path).toBe(withTimescale.path.replace(/-timescaledb\.tar$/, "-plain.tar"));
  });

  it("has nothing to load before a template is saved", async () => {
    expect(await (await memoryTemplate(dir, true)).load()).toBeUndefined();
  });

  it("loads an intact template byte for byte", async () => {
    const template = await memoryTemplate(dir, true);
    await writeFile(template.path, bytes);
    await writeFile(`${template.path}.sha256`, sha256(bytes));
    const loaded = await template.load();
    expect(new Uint8Array(await (loaded as Blob).arrayBuffer())).toEqual(bytes);
  });

  it("never loads a damaged template, and deletes it so the next start rebuilds it", async () => {
    const template = await memoryTemplate(dir, true);
    await writeFile(template.path, bytes.subarray(0, 10));
    await writeFile(`${template.path}.sha256`, sha256(bytes));
    expect(await template.load()).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it("never loads a template whose checksum is missing (a save cut short)", async () => {
    const template = await memoryTemplate(dir, true);
    await writeFile(template.path, bytes);
    expect(await template.load()).toBeUndefined();
  });
});
