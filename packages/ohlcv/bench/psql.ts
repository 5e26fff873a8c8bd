import { execFileSync } from "node:child_process";

/** Runs one psql command (`-c`) against `url`, output discarded; throws with psql's stderr on failure. */
export function psql(url: string, command: string): void {
  execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-o", "/dev/null", "-c", command], {
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/** Replaces $n parameters with quoted literals, so psql runs exactly the statement the package runs. */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    const text = v instanceof Date ? v.toISOString() : String(v);
    return `'${text.replace(/'/g, "''")}'`;
  });
}
