import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  COPY_FROM_STDIN_REFUSED,
  EMBEDDED_MAX_CONNECTIONS,
  type EmbeddedDatabase,
  startEmbeddedDatabase,
  TOO_MANY_CLIENTS,
} from "../src/index.js";

// One in-memory instance for the file, without TimescaleDB: what is tested here is the server.
let db: EmbeddedDatabase;
const warnings: string[] = [];

const connect = async (): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return client;
};
const failure = (promise: Promise<unknown>): Promise<pg.DatabaseError> =>
  promise.then(
    () => {
      throw new Error("expected the database to refuse this");
    },
    (error: pg.DatabaseError) => error,
  );

beforeAll(async () => {
  const ignore = () => undefined;
  db = await startEmbeddedDatabase({
    timescale: false,
    logger: { info: ignore, error: ignore, warn: (_, msg) => warnings.push(msg ?? "") },
  });
  const setup = await connect();
  await setup.query("create table items (id int primary key, name text not null)");
  await setup.end();
});
afterAll(() => db?.stop());

describe("the embedded database server", () => {
  it("listens on a free port when given port 0 and says it created no extension", () => {
    expect(db.port).toBeGreaterThan(0);
    expect(db.url).toBe(`postgres://postgres@127.0.0.1:${db.port}/postgres`);
    expect(db.timescale).toBe(false);
    expect(EMBEDDED_MAX_CONNECTIONS).toBe(1);
  });

  it("refuses a second connection with 53300 while one is open, then serves the next", async () => {
    const first = await connect();
    const second = new pg.Client({ connectionString: db.url });
    const refused = await failure(second.connect());
    expect(refused.code).toBe("53300");
    expect(refused.message).toBe(TOO_MANY_CLIENTS);
    expect(refused.hint).toContain("EMBEDDED_MAX_CONNECTIONS");
    // The first connection is not disturbed by the refusal.
    expect((await first.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
    await first.end();

    const third = await connect();
    expect((await third.query("select 3 as three")).rows).toEqual([{ three: 3 }]);
    await third.end();
  });

  it("answers an encryption request with 'no encryption' (libpq's default sslmode=prefer then goes on in plain text)", async () => {
    // pg with ssl required gives up on the "N"; what matters is that the answer came and the server is unharmed.
    const ssl = new pg.Client({ connectionString: db.url, ssl: true });
    await expect(ssl.connect()).rejects.toThrow(/does not support SSL/);
    const plain = await connect();
    expect((await plain.query("select 2 as two")).rows).toEqual([{ two: 2 }]);
    await plain.end();
  });

  it("admits the next client while the previous one is still closing (a pool replaced by another)", async () => {
    let previous = await connect();
    for (let i = 0; i < 10; i++) {
      const closing = previous.end();
      previous = await connect();
      expect((await previous.query("select $1::int as i", [i])).rows).toEqual([{ i }]);
      await closing;
    }
    await previous.end();
  });

  it("serves a pool sized to EMBEDDED_MAX_CONNECTIONS under concurrent queries", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: EMBEDDED_MAX_CONNECTIONS });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.query("select $1::int as i", [i])));
    expect(results.map((r) => r.rows[0].i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await pool.end();
  });

  it("refuses COPY FROM STDIN with 0A000 instead of crashing, and the connection goes on", async () => {
    const client = await connect();
    for (const sql of ["copy items from stdin", "copy items (id, name) from stdin with (format csv)"]) {
      const simple = await failure(client.query(sql));
      expect([simple.code, simple.message]).toEqual(["0A000", COPY_FROM_STDIN_REFUSED]);
    }
    // A real COPY client (what a bulk loader uses), whose rows must not reach PGlite either.
    const streamed = await failure(
      pipeline(Readable.from(["1\tone\n", "2\ttwo\n"]), client.query(copyFrom("copy items from stdin"))),
    );
    expect(streamed.code).toBe("0A000");
    // The extended protocol (a query with parameters goes through Parse/Bind/Execute).
    const extended = await failure(client.query({ text: "copy items from stdin", values: [] }));
    expect(extended.code).toBe("0A000");
    // Inside a transaction it aborts the transaction, as PostgreSQL would.
    await client.query("begin");
    await client.query("insert into items values (1, 'kept out')");
    expect((await failure(client.query("copy items from stdin"))).code).toBe("0A000");
    expect((await failure(client.query("select 1"))).code).toBe("25P02");
    await client.query("rollback");
    expect((await client.query("select count(*)::int as n from items")).rows).toEqual([{ n: 0 }]);
    expect(warnings.filter((w) => w.includes("COPY"))).toHaveLength(5);
    await client.end();
  });

  it("hands the next client a fresh session, keeping committed data", async () => {
    const first = await connect();
    await first.query("insert into items values (10, 'committed')");
    await first.query("set application_name = 'first'");
    await first.query({ name: "by-id", text: "select name from items where id = $1", values: [10] });
    await first.query("create temp table scratch (x int)");
    await first.query("begin");
    await first.query("insert into items values (11, 'never committed')");
    await first.end();

    const next = await connect();
    expect((await next.query("show application_name")).rows).toEqual([{ application_name: "" }]);
    // pg prepares "by-id" again on this new connection: it must not exist already.
    const again = await next.query({ name: "by-id", text: "select name from items where id = $1", values: [10] });
    expect(again.rows).toEqual([{ name: "committed" }]);
    expect((await failure(next.query("select * from scratch"))).code).toBe("42P01");
    expect((await next.query("select id from items order by id")).rows).toEqual([{ id: 10 }]);
    expect((await next.query("show search_path")).rows).toEqual([{ search_path: "public" }]);
    await next.end();
  });

  it("rolls back the transaction of a client process that dies, and serves the next at once", async () => {
    // The child never says goodbye (no Terminate): the server learns it is gone from the socket.
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
         const client = new pg.Client(${JSON.stringify(db.url)});
         await client.connect();
         await client.query("begin");
         await client.query("insert into items values (20, 'from a dying process')");
         process.stdout.write("inserted");
         setInterval(() => {}, 1000);`,
      ],
      { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (data: Buffer) => data.toString().includes("inserted") && resolve());
      child.on("exit", (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const next = await connect();
    expect((await next.query("select count(*)::int as n from items where id = 20")).rows).toEqual([{ n: 0 }]);
    await next.end();
  });

  it("fails fast with PORT_IN_USE when the port is taken", async () => {
    const started = performance.now();
    await expect(startEmbeddedDatabase({ port: db.port })).rejects.toMatchObject({
      name: "EmbeddedDatabaseError",
      code: "PORT_IN_USE",
      message: expect.stringContaining(String(db.port)),
    });
    // Before PGlite spends seconds starting.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
