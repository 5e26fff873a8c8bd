import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashedMessage } from "./crashed.js";
import { silentLogger } from "./logger.js";
import { memoryTemplate } from "./memory-template.js";
import { type OpenedPGlite, openPGlite } from "./open-pglite.js";
import { buildMessage, cStrings } from "./pg-wire.js";
import { captureSessionDefaults } from "./session-reset.js";
import { SingleConnectionServer } from "./single-connection-server.js";

// The server over a PGlite that is then crashed for real: COPY FROM STDIN sent to PGlite directly,
// past the guard, is the one crash known (a fault injected on purpose, not a stand-in).
let opened: OpenedPGlite;
let server: SingleConnectionServer;
let url: string;
let crashed = false;

beforeAll(async () => {
  const template = await memoryTemplate(join(tmpdir(), "tradekit-embedded-db"), false);
  opened = await openPGlite({ dataDir: undefined, timescale: false, template, logger: silentLogger });
  server = new SingleConnectionServer(opened.db, await captureSessionDefaults(opened.db), PGLiteSocketHandler, silentLogger);
  url = `postgres://postgres@127.0.0.1:${await server.listen("127.0.0.1", 0)}/postgres`;
});
afterAll(async () => {
  await server?.stop();
  // A crashed PGlite cannot close; the test checks that it says so.
  if (!crashed) await opened?.db.close();
});

const connectError = (client: pg.Client): Promise<pg.DatabaseError> =>
  client.connect().then(
    () => {
      throw new Error("expected the connection to be refused");
    },
    (error: pg.DatabaseError) => error,
  );

describe("the server once PGlite has crashed", () => {
  it("tells every client so with FATAL 57P03, instead of dropping connections without a word", async () => {
    const before = new pg.Client({ connectionString: url });
    await before.connect();
    await before.end();

    const copy = buildMessage(0x51, cStrings(["copy pg_class from stdin"]));
    crashed = true;
    await expect(opened.db.execProtocolRaw(copy)).rejects.toThrow(/unreachable/);

    // The first client after the crash meets it in PGlite; the next is told before it gets there.
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await connectError(new pg.Client({ connectionString: url }));
      expect(error.code).toBe("57P03");
      expect(error.message).toBe(crashedMessage(new Error("unreachable")));
    }
    await server.stop();
    await expect(opened.db.close()).rejects.toThrow(/unreachable/);
  });
});
