import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { init, openDatabases } from "../src/index.js";
import { hasStack, messages, runSetup } from "./support/run-setup.js";
import { databaseExists, type PlannedDatabase, plannedDatabase, query } from "./support/server-database.js";

/** A TCP port nothing listens on: bound to learn a free one, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("bad input and unreachable servers", { timeout: 120_000 }, () => {
  let ready: PlannedDatabase;
  let dir: string;
  const env = () => ({ TRADING_DATABASE_URL: ready.url });
  const count = async (table: "ohlcv_trades" | "ohlcv_candles", symbol: string) =>
    (await query<{ n: number }>(ready.url, `select count(*)::int as n from ${table} where symbol = $1`, [symbol]))[0]?.n;

  beforeAll(async () => {
    ready = plannedDatabase("setup_bad_input");
    await using databases = await openDatabases({ env: { TRADING_DATABASE_URL: ready.url } });
    await init(databases);
    dir = await mkdtemp(join(tmpdir(), "tradekit-setup-files-"));
  });
  afterAll(async () => {
    await ready?.drop();
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it("an unreachable server: one line naming host, port, database and user, the password masked, exit 2, no stack", async () => {
    const port = await closedPort();
    const url = `postgres://bob:s3cret@127.0.0.1:${port}/tk_nowhere`;
    const run = await runSetup(["init"], { TRADING_DATABASE_URL: url });
    expect(run.code).toBe(2);
    const lines = messages(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`cannot reach PostgreSQL at 127.0.0.1:${port} (database "tk_nowhere", user "bob"`);
    expect(lines[0]).toContain(`postgres://bob:***@127.0.0.1:${port}/tk_nowhere`);
    expect(lines[0]).toMatch(/while taking the setup lock: connection refused/);
    expect(run.stderr + run.stdout).not.toContain("s3cret");
    expect(hasStack(run.stderr)).toBe(false);

    const verbose = await runSetup(["init", "--verbose"], { TRADING_DATABASE_URL: url });
    expect(verbose.code).toBe(2);
    expect(hasStack(verbose.stderr)).toBe(true);
    expect(verbose.stderr).not.toContain("s3cret");

    const verify = await runSetup(["verify"], { TRADING_DATABASE_URL: url });
    expect(verify.code).toBe(2);
    expect(verify.stdout).toMatch(/^✗ trading database reachable: cannot reach PostgreSQL at 127\.0\.0\.1:/m);
  });

  it("a URL that is not a PostgreSQL URL, or names a database setup cannot quote: a message naming it, exit 2, nothing created", async () => {
    const mysql = await runSetup(["init"], { TRADING_DATABASE_URL: "mysql://root:pw@127.0.0.1/tk" });
    expect(mysql.code).toBe(2);
    expect(messages(mysql.stderr).join("\n")).toContain(
      'TRADING_DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql://root:***@127.0.0.1/tk"',
    );

    const odd = await runSetup(["init"], { TRADING_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/tk;drop" });
    expect(odd.code).toBe(2);
    expect(messages(odd.stderr)[0]).toContain("TRADING_DATABASE_URL (database name) must be a database name of letters");
    expect(messages(odd.stderr)[0]).toContain('got "tk;drop"');
    expect(await databaseExists("tk;drop")).toBe(false);
  });

  it("an unknown timescale mode, by option or environment: exit 2 naming the value, and no database created", async () => {
    const fresh = plannedDatabase("setup_bad_mode");
    const option = await runSetup(["init", "--timescale", "sometimes"], { TRADING_DATABASE_URL: fresh.url });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("argument 'sometimes' is invalid. Allowed choices are auto, require, off.");
    const variable = await runSetup(["init"], { TRADING_DATABASE_URL: fresh.url, TIMESCALE_MODE: "sometimes" });
    expect(variable.code).toBe(2);
    expect(variable.stderr).toContain('TIMESCALE_MODE: expected one of auto, require, off, got "sometimes"');
    expect(await databaseExists(fresh.name)).toBe(false);
  });

  it("migrate refuses a database that does not exist, naming init, and does not create it", async () => {
    const fresh = plannedDatabase("setup_no_db");
    const run = await runSetup(["migrate"], { TRADING_DATABASE_URL: fresh.url });
    expect(run.code).toBe(2);
    expect(messages(run.stderr)).toEqual([
      `tradekit-setup: the trading database "${fresh.name}" does not exist on 127.0.0.1:5432; run \`tradekit-setup init\` to create it`,
    ]);
    expect(await databaseExists(fresh.name)).toBe(false);
  });

  it("import of a file that does not exist, does not parse or has no known format: exit 2 naming it, nothing written", async () => {
    const good = join(dir, "good.csv");
    await writeFile(good, "1672531436,90.54,1.1\n1672531471,90.45,1.0\n");
    const missing = join(dir, "missing.csv");
    const broken = join(dir, "broken.json");
    await writeFile(broken, "[[1509836520000, 0.00162008, 0.0016");
    const text = join(dir, "trades.txt");
    await writeFile(text, "1672531436,90.54,1.1\n");
    const args = (...files: string[]) => ["import", "trades", ...files, "--exchange", "kraken", "--symbol", "BCH/EUR"];

    const notThere = await runSetup(args(good, missing), env());
    expect(notThere.code).toBe(2);
    expect(messages(notThere.stderr)).toEqual([
      `tradekit-setup: file must be an existing file (it does not exist); got ${JSON.stringify(missing)}`,
    ]);

    const unparsable = await runSetup(args(good, broken), env());
    expect(unparsable.code).toBe(2);
    expect(messages(unparsable.stderr)[0]).toContain(`${broken} cannot be read as a freqtrade file:`);

    const unknown = await runSetup(args(text), env());
    expect(unknown.code).toBe(2);
    expect(messages(unknown.stderr)[0]).toContain(`file must be a .json, .json.gz, .csv or .csv.gz file, or a --format`);
    // The good file came first each time, and still nothing of it was written.
    expect(await count("ohlcv_trades", "BCH/EUR")).toBe(0);
  });

  it("a file with a bad row writes nothing and names the row; --skip-bad writes the good rows and reports the bad one", async () => {
    const file = join(dir, "kraken-with-a-bad-line.csv");
    await writeFile(
      file,
      "1672531436,90.540000,1.10448420\n1672531471,90.450000,1.00000000\n1672531647,abc,0.28600000\n1672533909,90.000000,0.05000000\n",
    );
    const args = ["import", "trades", file, "--exchange", "kraken", "--symbol", "BCH/EUR"];
    const refused = await runSetup(args, env());
    expect(refused.code).toBe(2);
    const [line] = messages(refused.stderr);
    expect(line).toContain(`${file} line 3: price must be`);
    expect(line).toContain("nothing was written (1 bad row(s) in all; --skip-bad stores the good rows only)");
    expect(await count("ohlcv_trades", "BCH/EUR")).toBe(0);

    const skipped = await runSetup([...args, "--skip-bad"], env());
    expect(skipped.code, skipped.stderr).toBe(0);
    const out = skipped.stdout.trim().split("\n");
    expect(out[0]).toBe(`${file} (kraken): 4 read, 3 inserted, 0 already present, 1 rejected`);
    expect(out[1]).toMatch(/^ {2}rejected line 3: price must be .*"abc"/);
    expect(await count("ohlcv_trades", "BCH/EUR")).toBe(3);
  });

  it("a candle file with a high below its low names that row and writes nothing", async () => {
    const file = join(dir, "candles.json");
    await writeFile(file, "[[1509836520000, 1.0, 1.2, 0.9, 1.1, 5],\n [1509836580000, 1.1, 1.0, 1.05, 1.0, 3]]");
    const run = await runSetup(["import", "candles", file, "--exchange", "binance", "--symbol", "ETH/USDT", "--json"], env());
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: false, exitCode: 2, error: { code: "IMPORT_REJECTED" } });
    expect(result.error.message).toContain(`${file} row 2: high must be >= low`);
    expect(await count("ohlcv_candles", "ETH/USDT")).toBe(0);
  });

  it("an exchange or symbol the catalog does not list: exit 2 naming it and listing the known ones", async () => {
    const file = join(dir, "one.csv");
    await writeFile(file, "1672531436,90.54,1.1\n");
    const symbol = await runSetup(["import", "trades", file, "--exchange", "kraken", "--symbol", "BCH/EUX"], env());
    expect(symbol.code).toBe(2);
    expect(messages(symbol.stderr)[0]).toMatch(
      /symbol must be a symbol of kraken in the catalog \(.*BCH\/EUR.*\); got "BCH\/EUX"/,
    );
    const exchange = await runSetup(["import", "trades", file, "--exchange", "krakn", "--symbol", "BCH/EUR"], env());
    expect(exchange.code).toBe(2);
    expect(messages(exchange.stderr)[0]).toContain(
      'exchange must be an exchange of the catalog (binance, kraken, paper); got "krakn"',
    );
    expect(await count("ohlcv_trades", "BCH/EUX")).toBe(0);
  });

  it("--help shows an example per command and exits 0; an unknown command exits 2; a leading -- is ignored", async () => {
    const help = await runSetup(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("Exit codes: 0 ok; 1 a check failed");
    for (const command of ["init", "migrate", "verify", "health", "import candles", "import trades"]) {
      // In process, as the program is the same: seven node starts would cost more than the rest of this file.
      const out: string[] = [];
      const code = await runCli([...command.split(" "), "--help"], {
        stdout: (t) => out.push(t),
        stderr: () => {},
        tty: false,
      });
      expect(code, command).toBe(0);
      expect(out.join(""), command).toMatch(/Example:\n {2}.*tradekit-setup/);
    }
    const unknown = await runSetup(["initialise"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'initialise'");
    const dashed = await runSetup(["--", "verify", "--json"], env());
    expect(dashed.code).toBe(0);
    expect(JSON.parse(dashed.stdout).ok).toBe(true);
  });
});
