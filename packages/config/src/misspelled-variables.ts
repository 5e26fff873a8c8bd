import { CONFIG_VARIABLES } from "./config-schema.js";

/** Edit distance with transpositions (optimal string alignment): what a slip of the keyboard costs. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const up = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (rows[i - 2] as number[])[j - 2]! + 1);
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

const segments = (name: string): string[] => name.split("_");

/**
 * Whether `name`, unknown, looks like an attempt at `known`: a slip of one or two keys (one for a
 * short name), the same first and last word with the middle said differently (TRADING_DB_URL), or
 * its first words with the rest left off (DB_STATEMENT_TIMEOUT). Other programs' variables
 * (DB_HOST, REDIS_PASSWORD, APP_ENV) look like none of these.
 */
function resembles(name: string, known: string): boolean {
  if (distance(name, known) <= (name.length >= 8 ? 2 : 1)) return true;
  const a = segments(name);
  const b = segments(known);
  if (a.length >= 3 && b.length >= 3 && a[0] === b[0] && a.at(-1) === b.at(-1)) return true;
  return a.length >= 2 && a.length < b.length && a.every((s, i) => s === b[i]);
}

/** Names already looked at (and warned about, when they resembled one): a name resembles the same ones forever. */
const examined = new Set<string>();

/**
 * Warns once per process about each variable of `env` that is not one tradekit reads but
 * resembles one, naming the closest: otherwise a misspelling leaves the default in force silently.
 */
export function warnMisspelledVariables(
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
): void {
  for (const name of Object.keys(env)) {
    if (examined.has(name) || env[name] === undefined) continue;
    examined.add(name);
    if (CONFIG_VARIABLES.includes(name)) continue;
    const upper = name.toUpperCase();
    let best: string | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const known of CONFIG_VARIABLES) {
      if (!resembles(upper, known)) continue;
      const d = distance(upper, known);
      if (d < bestDistance) [best, bestDistance] = [known, d];
    }
    if (best === null) continue;
    warn(`${name} is set but is not a tradekit variable, so it is ignored; did you mean ${best}?`);
  }
}
