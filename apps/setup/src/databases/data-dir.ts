import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/**
 * Where the embedded databases live when no folder is named: TRADEKIT_DATA_DIR, else
 * `$XDG_STATE_HOME/tradekit`, else `~/.local/state/tradekit` (the XDG default for state).
 */
export function defaultDataDir(env: Record<string, string | undefined> = process.env): string {
  if (env.TRADEKIT_DATA_DIR?.trim()) return resolve(env.TRADEKIT_DATA_DIR.trim());
  const state = env.XDG_STATE_HOME?.trim();
  // The XDG spec says a relative value is invalid and must be ignored.
  if (state && isAbsolute(state)) return join(state, "tradekit");
  return join(homedir(), ".local", "state", "tradekit");
}
