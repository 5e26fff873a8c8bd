import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Engine } from "./pool-registry.js";

/** A column of a bulk load: its name and the PostgreSQL type its text is read as. */
export interface BulkColumn {
  name: string;
  type: string;
  /** Free text that may hold tabs, newlines or backslashes and so needs COPY escaping. */
  text?: boolean;
}

/**
 * Rows to load, column by column: `field(row, col)` is the text of one value (null for NULL).
 * `beginRow(row)`, when given, is called once before the fields of each row, in row order; it may
 * validate the row and throw, which aborts the load (the caller's transaction then writes nothing).
 */
export interface BulkSource {
  table: string;
  columns: readonly BulkColumn[];
  length: number;
  beginRow?(row: number): void;
  field(row: number, col: number): string | null;
}

const ROWS_PER_CHUNK = 2_000;
// Large enough that one round trip carries real work, small enough for the embedded engine's memory.
const ROWS_PER_UNNEST = 20_000;

const escapeCopy = (text: string): string =>
  text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));

function* copyChunks(source: BulkSource, onRows?: (n: number) => void): Generator<string> {
  const { columns, length } = source;
  const needsEscape = columns.map((c) => c.text === true);
  // Text columns mostly repeat one value (the exchange, the symbol): escaped once, not per row.
  const lastRaw = columns.map((): string | null => null);
  const lastEscaped = columns.map(() => "");
  for (let start = 0; start < length; start += ROWS_PER_CHUNK) {
    const end = Math.min(length, start + ROWS_PER_CHUNK);
    let chunk = "";
    for (let row = start; row < end; row++) {
      source.beginRow?.(row);
      for (let col = 0; col < columns.length; col++) {
        const value = source.field(row, col);
        if (col > 0) chunk += "\t";
        if (value === null) chunk += "\\N";
        else if (!needsEscape[col]) chunk += value;
        else {
          if (value !== lastRaw[col]) {
            lastRaw[col] = value;
            lastEscaped[col] = escapeCopy(value);
          }
          chunk += lastEscaped[col];
        }
      }
      chunk += "\n";
    }
    yield chunk;
    onRows?.(end - start);
  }
}

async function copyLoad(client: pg.PoolClient, source: BulkSource, onRows?: (n: number) => void): Promise<void> {
  const names = source.columns.map((c) => c.name).join(", ");
  const stream = client.query(copyFrom(`copy ${source.table} (${names}) from stdin`));
  await pipeline(Readable.from(copyChunks(source, onRows)), stream);
}

async function unnestLoad(client: pg.PoolClient, source: BulkSource, onRows?: (n: number) => void): Promise<void> {
  const { columns, length } = source;
  const names = columns.map((c) => c.name).join(", ");
  const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
  const sql = `insert into ${source.table} (${names}) select * from unnest(${params})`;
  for (let start = 0; start < length; start += ROWS_PER_UNNEST) {
    const end = Math.min(length, start + ROWS_PER_UNNEST);
    const arrays = columns.map(() => new Array<string | null>(end - start));
    for (let row = start; row < end; row++) {
      source.beginRow?.(row);
      for (let col = 0; col < columns.length; col++) (arrays[col] as (string | null)[])[row - start] = source.field(row, col);
    }
    await client.query(sql, arrays);
    onRows?.(end - start);
  }
}

/**
 * Loads `source` into its table: COPY FROM STDIN on PostgreSQL, batched `insert ... select from
 * unnest(...)` on the embedded engine, whose socket server crashes on COPY. Table and column
 * names come from this package, never from input.
 */
export async function bulkLoad(
  client: pg.PoolClient,
  engine: Engine,
  source: BulkSource,
  onRows?: (n: number) => void,
): Promise<void> {
  if (source.length === 0) return;
  if (engine === "embedded") await unnestLoad(client, source, onRows);
  else await copyLoad(client, source, onRows);
}
