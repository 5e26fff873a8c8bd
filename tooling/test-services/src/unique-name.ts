import { randomBytes } from "node:crypto";

/**
 * A name unique to this test run, safe as a PostgreSQL identifier and a Redis key part:
 * lower-case letters, digits and underscores, starting with a letter, at most 63 bytes.
 */
export function uniqueName(label: string): string {
  const clean = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 36);
  return `tk_${clean || "test"}_${process.pid}_${randomBytes(4).toString("hex")}`;
}
