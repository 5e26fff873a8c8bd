import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/** The variables of the .env file at `path` (node's own parser, as `node --env-file` reads it), or {} when absent. */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
}

/** The file's variables overlaid by the real environment: a variable set in `env` always wins, even when empty. */
export function mergeEnv(file: Record<string, string>, env: Record<string, string | undefined>): Record<string, string> {
  const merged: Record<string, string> = { ...file };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}
