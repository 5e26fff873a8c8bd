import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);

/** The text of a file, gunzipped when its name ends in .gz. */
export async function readFileText(path: string): Promise<string> {
  const bytes = await readFile(path);
  return (path.endsWith(".gz") ? await gunzipAsync(bytes) : bytes).toString("utf8");
}

/** Non-empty lines of a CSV text, with their 1-based line numbers. */
export function csvLines(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).trim();
    if (l !== "") out.push({ line: i + 1, cells: l.split(",").map((c) => c.trim()) });
  }
  return out;
}
