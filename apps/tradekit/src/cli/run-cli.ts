import { Command, CommanderError } from "commander";
import { type Logger, pino } from "pino";
import { feedFromEnvironment } from "../feed/feed-process.js";
import { runBacktest } from "../main/backtest.js";
import { reportRun } from "../main/report-run.js";
import { runMainJob } from "../main/start.js";
import type { CandleSource } from "../market/load-candles.js";
import { defaultProgressMode, type ProgressMode } from "../market/progress.js";
import { formatReport } from "../report/print-report.js";
import { reportJson } from "../report/report-json.js";
import type { RunReport } from "../report/run-report.js";
import type { PaperSettings, ReplayRunResult } from "../run/replay-run.js";
import { EXIT, exitCodeOf } from "./exit-code.js";
import { type PaperFlags, paperOptions, positiveInt } from "./options.js";

interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
  dataDir?: string;
  html?: string | false;
  progress?: ProgressMode;
}

const EXAMPLES = `
Examples:
  tradekit                                      # = tradekit start: the demo on the embedded defaults
  tradekit start --seed 7 --days 28             # another generated market, four weeks
  tradekit start --candles ../shared/data/freqtrade/UNITTEST_BTC-1m.json
  tradekit backtest --bot demo-ma-cross --from 2024-01-08 --to 2024-01-14T23:59Z
  tradekit start --json | jq .report.totalPnl
  tradekit feed --speed 60 --bars 600           # a market for runner and order manager processes
  tradekit report --bot demo-ma-cross           # the report of its latest run, from what is stored

Environment:
  TRADING_DATABASE_URL  the trading database (unset, with OHLCV_DATABASE_URL unset too: two embedded
                        servers in the data folder)
  OHLCV_DATABASE_URL    the candle store (default: the trading database, or embedded)
  REDIS_URL             the caches of a paper run (unset: this process's memory; a backtest always
                        uses a memory store of its own)
  TRADEKIT_DATA_DIR     the data folder (default $XDG_STATE_HOME/tradekit or ~/.local/state/tradekit)
  LOG_LEVEL             pino level of the log lines on stderr (default info)

Exit codes: 0 done, every report check passed; 1 unexpected failure (or stopped by a signal); 2 bad input (arguments,
configuration, a candle file with a bad row, an unknown bot, a param that fails validation);
3 PostgreSQL or Redis unreachable; 4 the run ended but its strategy failed or a report check failed.`;

/** The program's output streams; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function outcome(report: RunReport, strategyErrors: readonly string[]): number {
  return strategyErrors.length > 0 || report.checks.some((c) => !c.ok) ? EXIT.runFailed : EXIT.ok;
}

/** Runs `tradekit` with `args` (without node and the script) and resolves to its exit code. */
export async function runCli(args: string[], io: CliIo = processIo): Promise<number> {
  const argv = args[0] === "--" ? args.slice(1) : args;
  let code: number = EXIT.ok;
  let globals: GlobalOptions = {};
  // On a terminal the progress bar and a few lines for people show the work; the log says only
  // what went wrong (LOG_LEVEL or --verbose bring it back). Elsewhere the log lines are the progress.
  const interactive = () => (globals.progress ?? defaultProgressMode()) === "bar";
  const logger = (): Logger =>
    pino(
      { name: "tradekit", level: process.env.LOG_LEVEL ?? (globals.verbose ? "debug" : interactive() ? "warn" : "info") },
      pino.destination({ fd: 2, sync: true }),
    );
  const say = (line: string) => {
    if (interactive()) io.stderr(`${line}\n`);
  };
  const html = (): string | null | undefined => (globals.html === false ? null : globals.html);
  // Ctrl-C stops a replay between two bars: the runner and the order manager stop, the embedded
  // servers shut down cleanly, and the run is recorded as stopped.
  const stop = new AbortController();
  const onSignal = (s: NodeJS.Signals) => stop.abort(new Error(`stopped by ${s}`));
  const common = () => ({
    signal: stop.signal,
    ...(globals.dataDir ? { dataDir: globals.dataDir } : {}),
    ...(html() !== undefined ? { html: html() as string | null } : {}),
    ...(globals.progress ? { progress: globals.progress } : {}),
  });
  const show = (value: Record<string, unknown>, report: RunReport, page: string | null) => {
    if (globals.json) io.stdout(`${JSON.stringify(value)}\n`);
    else io.stdout(formatReport(report, { html: page }));
  };

  const program = new Command("tradekit")
    .description(
      "tradekit's main job: setup, the order manager and the strategy runner in one process; a paper bot on replayed candles, backtests, and the report of what it did.",
    )
    .option("--json", "the report as one JSON object on stdout (exact decimals as strings)")
    .option("--verbose", "debug log lines, and stack traces of failures")
    .option("--data-dir <dir>", "the embedded databases' folder (default TRADEKIT_DATA_DIR or the XDG state folder)")
    .option("--html <path>", "where to write the HTML report (default <data folder>/reports/<bot>.html)")
    .option("--no-html", "write no HTML report")
    .option("--progress <mode>", "bar, log or none (default: a bar on a terminal, log lines otherwise)")
    .addHelpText("after", EXAMPLES)
    .showHelpAfterError("(run tradekit --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.hook("preAction", (_, action) => {
    globals = action.optsWithGlobals<GlobalOptions>();
    if (globals.progress !== undefined && !["bar", "log", "none"].includes(globals.progress))
      throw new CommanderError(2, "tradekit.progress", `--progress must be bar, log or none; got ${globals.progress}`);
  });

  paperOptions(
    program
      .command("start", { isDefault: true })
      .description("the main job: a fresh paper copy of the demo bot on replayed candles, then its report")
      .option("--candles <file>", "candles from a file (freqtrade .json, Binance .csv, .gz too) instead of the generated market")
      .option("--format <format>", "the file's format: freqtrade or binance (default from its name)")
      .option("--symbol <symbol>", "the file's market, BASE/QUOTE (default from its name)")
      .option("--timeframe <tf>", "the file's timeframe (default from its name, else 1m)")
      .option("--skip-bad", "store the good rows of a file with bad ones (default: write nothing, name the first bad row)")
      .option("--seed <n>", "seed of the generated market (default 42)", positiveInt("seed"))
      .option("--days <n>", "days of the generated market (default 21)", positiveInt("days"))
      .option("--bot <name>", "the bot to copy (default demo-ma-cross)"),
  ).action(
    async (
      opts: PaperFlags & {
        candles?: string;
        format?: string;
        symbol?: string;
        timeframe?: string;
        skipBad?: boolean;
        seed?: number;
        days?: number;
        bot?: string;
      },
    ) => {
      const candles: CandleSource = opts.candles
        ? {
            kind: "file",
            path: opts.candles,
            ...(opts.format ? { format: opts.format } : {}),
            ...(opts.symbol ? { symbol: opts.symbol } : {}),
            ...(opts.timeframe ? { timeframe: opts.timeframe } : {}),
            ...(opts.skipBad ? { skipBad: true } : {}),
          }
        : {
            kind: "generated",
            ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
            ...(opts.days ? { days: opts.days } : {}),
          };
      const result = await runMainJob({
        ...common(),
        candles,
        ...(opts.bot ? { bot: opts.bot } : {}),
        paper: paperOf(opts),
        logger: logger(),
        say,
      });
      show(
        {
          dataDir: result.dataDir,
          embedded: result.embedded,
          cache: result.cache,
          candles: { ...result.candles },
          run: runJson(result.run),
          report: reportJson(result.report),
          html: result.html,
          timings: result.timings,
        },
        result.report,
        result.html,
      );
      code = outcome(result.report, result.run.strategyErrors);
    },
  );

  paperOptions(
    program
      .command("backtest")
      .description("replay a bot's strategies over stored candles through the order path, on a fresh paper copy of it")
      .requiredOption("--bot <id|name>", "the bot to test (its strategies, params and feeds)")
      .option("--user <username>", "the bot's owner, when two users have a bot of that name")
      .option("--from <time>", "first candle, ISO 8601 or epoch ms (default the store's first)")
      .option("--to <time>", "last candle (default the store's last)")
      .option("--page-bars <n>", "candles read from the store per query (default 10000)", positiveInt("page-bars")),
  ).action(async (opts: PaperFlags & { bot: string; user?: string; from?: string; to?: string; pageBars?: number }) => {
    const time = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);
    const result = await runBacktest({
      ...common(),
      bot: /^\d+$/.test(opts.bot) ? Number(opts.bot) : opts.bot,
      ...(opts.user ? { user: opts.user } : {}),
      ...(opts.from !== undefined ? { from: time(opts.from) as string | number } : {}),
      ...(opts.to !== undefined ? { to: time(opts.to) as string | number } : {}),
      ...(opts.pageBars ? { pageBars: opts.pageBars } : {}),
      paper: paperOf(opts),
      logger: logger(),
      say,
    });
    show(
      {
        dataDir: result.dataDir,
        run: runJson(result.run),
        report: reportJson(result.report),
        html: result.html,
        seconds: result.seconds,
      },
      result.report,
      result.html,
    );
    code = outcome(result.report, result.run.strategyErrors);
  });

  program
    .command("report")
    .description("the report of a bot's run from what is stored (a bot run by the runner and order manager processes, say)")
    .requiredOption("--bot <id|name>", "the bot")
    .option("--user <username>", "the bot's owner, when two users have a bot of that name")
    .option("--run <id>", "the run (default the bot's latest)", positiveInt("run"))
    .option("--from <time>", "first candle shown (default the run's start or its first fill)")
    .option("--to <time>", "last candle (default the store's last)")
    .option("--balance <amount>", "what the paper account started with (default 100000)")
    .action(async (opts: { bot: string; user?: string; run?: number; from?: string; to?: string; balance?: string }) => {
      const result = await reportRun({
        ...common(),
        bot: /^\d+$/.test(opts.bot) ? Number(opts.bot) : opts.bot,
        ...(opts.user ? { user: opts.user } : {}),
        ...(opts.run ? { runId: opts.run } : {}),
        ...(opts.from ? { from: opts.from } : {}),
        ...(opts.to ? { to: opts.to } : {}),
        ...(opts.balance ? { balance: opts.balance } : {}),
        logger: logger(),
      });
      show({ report: reportJson(result.report), html: result.html }, result.report, result.html);
      code = result.report.checks.every((c) => c.ok) ? EXIT.ok : EXIT.runFailed;
    });

  program
    .command("feed")
    .description(
      "a generated market for runners in other processes: history into the store, then live bars as ticks through Redis",
    )
    .option("--seed <n>", "seed of the generated market (default 42)", positiveInt("seed"))
    .option("--symbol <symbol>", "the paper market (default BTC/USDT)")
    .option("--history-days <n>", "days stored before now for the warm-up (default 2)", positiveInt("history-days"))
    .option("--bars <n>", "live bars to play, then stop (default: until SIGINT/SIGTERM)", positiveInt("bars"))
    .option(
      "--speed <n>",
      "market minutes per wall-clock minute (default 1; above 1 run the runner with --candles ticks)",
      positiveInt("speed"),
    )
    .action(async (opts: { seed?: number; symbol?: string; historyDays?: number; bars?: number; speed?: number }) => {
      const log = logger();
      const result = await feedFromEnvironment(
        {
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          ...(opts.symbol ? { symbol: opts.symbol } : {}),
          ...(opts.historyDays ? { historyDays: opts.historyDays } : {}),
          ...(opts.bars ? { bars: opts.bars } : {}),
          ...(opts.speed ? { speed: opts.speed } : {}),
          signal: stop.signal,
        },
        log,
      );
      if (globals.json) io.stdout(`${JSON.stringify(result)}\n`);
      else io.stdout(`feed: ${result.history} candles of history stored, ${result.bars} live bars played\n`);
    });

  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (stop.signal.aborted) {
      io.stderr(`tradekit: ${(stop.signal.reason as Error).message}\n`);
      return EXIT.failed;
    }
    code = exitCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`tradekit: ${message}\n`);
    if (globals.verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  }
  return code;
}

function paperOf(opts: PaperFlags): Partial<PaperSettings> {
  return {
    ...(opts.fee !== undefined ? { feeRate: opts.fee } : {}),
    ...(opts.slippageBps !== undefined ? { maxSlippageBps: opts.slippageBps } : {}),
    ...(opts.paperSeed !== undefined ? { seed: opts.paperSeed } : {}),
    ...(opts.balance !== undefined ? { balance: opts.balance } : {}),
  };
}

function runJson(run: ReplayRunResult): Record<string, unknown> {
  return {
    bot: run.bot,
    runId: run.runId,
    status: run.status,
    firstBar: run.firstBar,
    lastBar: run.lastBar,
    bars: run.bars,
    ticks: run.ticks,
    summary: run.summary,
    canceledAtEnd: run.canceledAtEnd,
    paper: run.paper,
    strategyErrors: run.strategyErrors,
    outages: run.outages,
    seconds: run.seconds,
  };
}
