import { EMBEDDED_MAX_CONNECTIONS, startEmbeddedDatabase } from "@tradekit/embedded-db";
import pg from "pg";

await using db = await startEmbeddedDatabase(); // in memory; { dataDir } to keep the data
const pool = new pg.Pool({ connectionString: db.url, max: EMBEDDED_MAX_CONNECTIONS }); // one connection at a time
const { rows } = await pool.query("select time_bucket('1 hour', timestamptz '2026-01-05 10:42:00+00') as bucket");
console.log(db.timescale, rows[0].bucket.toISOString());
await pool.end();
// db.stop() runs at the end of the scope
