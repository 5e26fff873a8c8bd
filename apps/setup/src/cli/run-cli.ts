import { Command, CommanderError, Option } from "commander";
import pino, { type Logger } from "pino";
import { openDatabases, type SetupDatabases } from "../databases/open-databases.js";
import { type ImportOptions, type ImportResult, importCandles, importTrades } from "../import/import-files.js";
import { init } from "../init/init.js";
import { migrateDatabases } from "../init/migrate-databases.js";
import { TIMESCALE_MODES } from "../init/timescale-mode.js";
import { health } from "../verify/health.js";
import { verify } from "../verify/verify.js";
import { EXIT, exitCodeOf } from "./exit-code.js";
import { printImport, printInit, printMigrate, printVerify, type Write } from "./print.js";

interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
  dataDir?: string;
}

const EXAMPLES = `
Examples:
  tradekit-setup init                       # embedded databases in ~/.local/state/tradekit
  tradekit-setup init --demo --json         # also the demo bot; prints its ids as JSON
  TRADING_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tradekit tradekit-setup init
  tradekit-setup migrate                    # apply new migrations after an upgrade
  tradekit-setup verify                     # one line per check, exit 1 if one fails
  tradekit-setup health                     # the same facts as JSON, for monitoring
  tradekit-setup import candles BTC_USDT-1m.json --exchange binance --symbol BTC/USDT
  tradekit-setup import trades trades.csv.gz --exchange kraken --symbol BCH/EUR --skip-bad

Environment:
  TRADING_DATABASE_URL  the trading database (postgres://...); unset with OHLCV_DATABASE_URL: embedded
  OHLCV_DATABASE_URL    the candle store's database (default: the trading database)
  TRADEKIT_DATA_DIR     the embedded databases' folder (default $XDG_STATE_HOME/tradekit or ~/.local/state/tradekit)
  TIMESCALE_MODE        auto | require | off (default auto)
  REDIS_URL             checked by verify/health when set
  LOG_LEVEL             pino level of the log lines on stderr (default info)

Exit codes: 0 ok; 1 a check failed (verify, health) or an operation failed; 2 bad input
(arguments, configuration, files) or a server that cannot be reached.`;

/** The program's streams; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (a progress bar instead of log lines). */
  tty: boolean;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY === true,
};

/**
 * Runs `tradekit-setup` with `args` (without node and the script) and resolves to its exit code.
 * Human output on stdout (`--json`: one JSON object), pino lines and errors on stderr.
 */
export async function runCli(args: string[], io: CliIo = processIo): Promise<number> {
  // `pnpm run setup -- init` hands the script a literal "--" first.
  const argv = args[0] === "--" ? args.slice(1) : args;
  let code: number = EXIT.ok;
  let globals: GlobalOptions = {};
  const logger = (): Logger =>
    pino(
      { name: "tradekit-setup", level: process.env.LOG_LEVEL ?? (globals.verbose ? "debug" : "info") },
      pino.destination({ fd: 2, sync: true }),
    );
  const write: Write = (line) => io.stdout(`${line}\n`);
  const emit = (value: unknown, human: () => void) => {
    if (globals.json) io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else human();
  };
  const withDatabases = async <T>(fn: (dbs: SetupDatabases, log: Logger) => Promise<T>): Promise<T> => {
    const log = logger();
    const dbs = await openDatabases({ dataDir: globals.dataDir, logger: log });
    if (dbs.dataDir) log.info({ dataDir: dbs.dataDir }, "embedded databases");
    try {
      return await fn(dbs, log);
    } finally {
      await dbs.stop();
    }
  };

  const program = new Command("tradekit-setup")
    .description("Creates, migrates, seeds and verifies the tradekit databases, and imports candles and trades.")
    .option("--json", "print one JSON object on stdout instead of lines")
    .option("--verbose", "debug log lines, and stack traces of failures")
    .option("--data-dir <dir>", "folder of the embedded databases (when no database URL is set)")
    .addHelpText("after", EXAMPLES)
    .showHelpAfterError("(run tradekit-setup --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.hook("preAction", (_, action) => {
    globals = action.optsWithGlobals<GlobalOptions>();
  });
  const timescaleOption = () =>
    new Option(
      "--timescale <mode>",
      "use TimescaleDB for the candle store: auto, require or off (default TIMESCALE_MODE, auto)",
    ).choices(TIMESCALE_MODES);

  program
    .command("init")
    .description("create the databases when missing, migrate them, seed the catalogs (idempotent)")
    .option("--demo", "also create the demo user, paper account, bot demo-ma-cross, its strategy and feed")
    .addOption(timescaleOption())
    .addHelpText("after", "\nExample:\n  tradekit-setup init --demo")
    .action(async (opts: { demo?: boolean; timescale?: "auto" | "require" | "off" }) => {
      const result = await withDatabases((dbs, log) => init(dbs, { demo: opts.demo, timescale: opts.timescale, logger: log }));
      emit(result, () => printInit(write, result));
    });

  program
    .command("migrate")
    .description("apply pending ORM migrations and candle store schema steps to existing databases")
    .addOption(timescaleOption())
    .addHelpText("after", "\nExample:\n  TRADING_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tradekit tradekit-setup migrate")
    .action(async (opts: { timescale?: "auto" | "require" | "off" }) => {
      const result = await withDatabases((dbs, log) => migrateDatabases(dbs, { timescale: opts.timescale, logger: log }));
      emit(result, () => printMigrate(write, result));
    });

  program
    .command("verify")
    .description("one line per check (✓/✗); exit 0 only when all pass")
    .addHelpText("after", "\nExample:\n  tradekit-setup verify")
    .action(async () => {
      const report = await withDatabases((dbs) => verify(dbs));
      emit(report, () => printVerify(write, report));
      code = report.ok ? EXIT.ok : report.unreachable ? EXIT.badInput : EXIT.failed;
    });

  program
    .command("health")
    .description("the facts of verify as one JSON object, for monitoring (exit code as verify)")
    .addHelpText("after", "\nExample:\n  tradekit-setup health | jq .status")
    .action(async () => {
      const report = await withDatabases((dbs) => health(dbs));
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      code = report.ok ? EXIT.ok : report.status === "unreachable" ? EXIT.badInput : EXIT.failed;
    });

  const importer = program.command("import").description("import candle or trade files into the candle store");
  const importCommand = (
    kind: "candles" | "trades",
    formats: string,
    run: (dbs: SetupDatabases, files: string[], options: ImportOptions) => Promise<ImportResult>,
    example: string,
  ) => {
    const cmd = importer
      .command(`${kind} <files...>`)
      .description(`import ${kind} files (${formats}; .gz too), upserting: a second import inserts nothing`)
      .requiredOption("--exchange <name>", "a catalog exchange, e.g. binance")
      .requiredOption("--symbol <symbol>", "a symbol of it in the catalog, e.g. BTC/USDT")
      .option("--format <format>", `${formats} (default from the file name: .json freqtrade, .csv the other)`)
      .option("--skip-bad", "store the good rows of a file with bad rows (default: write nothing, name the first bad row)")
      .addHelpText("after", `\nExample:\n  ${example}`);
    if (kind === "candles") cmd.option("--timeframe <tf>", "the candles' timeframe", "1m");
    cmd.action(async (files: string[], opts: Omit<ImportOptions, "progress" | "logger">) => {
      const result = await withDatabases((dbs, log) =>
        run(dbs, files, { ...opts, progress: io.tty ? "bar" : "log", logger: log }),
      );
      emit(result, () => printImport(write, result));
    });
  };
  importCommand(
    "candles",
    "freqtrade or binance",
    importCandles,
    "tradekit-setup import candles UNITTEST_BTC-1m.json --exchange binance --symbol BTC/USDT",
  );
  importCommand(
    "trades",
    "freqtrade or kraken",
    importTrades,
    "tradekit-setup import trades kraken-BCHEUR-trades.csv --exchange kraken --symbol BCH/EUR",
  );

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    const exit = exitCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`tradekit-setup: ${message}\n`);
    if (globals.verbose || argv.includes("--verbose")) {
      if (error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
      if (error instanceof Error && error.cause instanceof Error)
        io.stderr(`caused by: ${error.cause.stack ?? error.cause.message}\n`);
    }
    if (globals.json || argv.includes("--json")) {
      const errorCode = (error as { code?: unknown }).code;
      io.stdout(
        `${JSON.stringify({ ok: false, exitCode: exit, error: { code: typeof errorCode === "string" ? errorCode : null, message } }, null, 2)}\n`,
      );
    }
    return exit;
  }
}
