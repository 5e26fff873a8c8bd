import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The path of a file in the shared test data (`../shared/data` beside the checkout, or
 * TRADEKIT_SHARED_DATA). Throws naming where it looked when the file is absent.
 */
export function sharedDataPath(relative: string): string {
  const candidates: string[] = [];
  if (process.env.TRADEKIT_SHARED_DATA) candidates.push(resolve(process.env.TRADEKIT_SHARED_DATA));
  let dir = process.cwd();
  for (;;) {
    candidates.push(join(dir, "..", "shared", "data"));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const base of candidates) {
    const file = join(base, relative);
    if (existsSync(file)) return file;
  }
  throw new Error(
    `shared test data ${relative} not found; looked in ${candidates.slice(0, 4).join(", ")}. ` +
      "Put the shared/ folder beside the checkout or set TRADEKIT_SHARED_DATA to its data/ folder.",
  );
}
