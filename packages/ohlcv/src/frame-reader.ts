import { type Timeframe, TradekitError } from "@tradekit/domain";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { scan, scanFloat, scanTimestamp } from "./float-text.js";
import { FrameBuilder, type OhlcvFrame } from "./ohlcv-frame.js";
import type { Engine } from "./pool-registry.js";

/**
 * The frame's SELECT over a source's rows, in time order. Columns go out as PostgreSQL's own
 * text and are parsed here: casting numeric to float8 on the server costs more than the parse.
 */
export const frameSelect = (sourceSql: string): string =>
  `select time, open, high, low, close, volume from (${sourceSql}) s order by time`;

// Inlines the parameters as literals: COPY cannot take bind parameters. Every value is quoted by
// the driver's own literal escaping.
function inline(client: pg.PoolClient, sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    const text = v instanceof Date ? v.toISOString() : String(v);
    return (client as unknown as { escapeLiteral(s: string): string }).escapeLiteral(text);
  });
}

// Parses the complete lines of "time\topen\thigh\tlow\tclose\tvolume\n" in `buf` into the frame;
// returns where the unfinished last line starts. Each scan stops at the tab or newline after its
// field, so no separate pass looks for them.
function parseLines(buf: Buffer, out: FrameBuilder): number {
  const last = buf.lastIndexOf(10);
  const limit = last + 1;
  let pos = 0;
  while (pos < limit) {
    out.reserve(1);
    const row = out.length++;
    out.time[row] = scanTimestamp(buf, pos, limit);
    out.open[row] = scanFloat(buf, scan.end + 1, limit);
    out.high[row] = scanFloat(buf, scan.end + 1, limit);
    out.low[row] = scanFloat(buf, scan.end + 1, limit);
    out.close[row] = scanFloat(buf, scan.end + 1, limit);
    out.volume[row] = scanFloat(buf, scan.end + 1, limit);
    if (buf[scan.end] !== 10) {
      const text = buf.subarray(pos, Math.min(limit, pos + 120)).toString("latin1");
      throw new TradekitError("OHLCV_FRAME_MALFORMED", `frame row ${row} from the server is not six columns: ${text}`);
    }
    pos = scan.end + 1;
  }
  return limit;
}

async function readByCopy(client: pg.PoolClient, sql: string, params: readonly unknown[], out: FrameBuilder): Promise<void> {
  const stream = client.query(copyTo(`copy (${inline(client, sql, params)}) to stdout`));
  let rest: Buffer | null = null;
  for await (const piece of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = rest ? Buffer.concat([rest, piece]) : piece;
    const done = parseLines(buf, out);
    rest = done < buf.length ? buf.subarray(done) : null;
  }
}

const asText = { getTypeParser: () => (value: string) => value };

// The embedded engine has no COPY, and sending 500k rows one message each over its socket is
// its slowest part: the server joins the rows into one text value instead, in the COPY layout.
async function readByAggregate(
  client: pg.PoolClient,
  sourceSql: string,
  params: readonly unknown[],
  out: FrameBuilder,
): Promise<void> {
  const result = await client.query<{ frame: string | null }>({
    text: `select string_agg(concat_ws(E'\\t', time, open, high, low, close, volume), E'\\n' order by time) as frame
           from (${sourceSql}) s`,
    values: params as unknown[],
    types: asText as never,
  });
  const text = result.rows[0]?.frame;
  if (text) parseLines(Buffer.from(`${text}\n`, "latin1"), out);
}

/**
 * Reads a source's rows straight into float64 columns. On PostgreSQL through COPY TO STDOUT,
 * parsed from the wire bytes with no object per row; on the embedded engine (no COPY) as one
 * aggregated text value parsed the same way.
 */
export async function readFrame(
  client: pg.PoolClient,
  engine: Engine,
  sourceSql: string,
  params: readonly unknown[],
  timeframe: Timeframe,
  now: number,
  sizeHint: number,
): Promise<OhlcvFrame> {
  const out = new FrameBuilder(Math.max(16, sizeHint));
  if (engine === "embedded") await readByAggregate(client, sourceSql, params, out);
  else await readByCopy(client, frameSelect(sourceSql), params, out);
  return out.build(timeframe, now);
}
