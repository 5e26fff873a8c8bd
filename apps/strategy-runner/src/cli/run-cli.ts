import { withDatabase } from "@tradekit/orm";
import { Command, CommanderError, Option } from "commander";
import { type Logger, pino } from "pino";
import { loadBot, resolveBot } from "../bot-loader.js";
import { builtinStrategies } from "../builtin-strategies.js";
import type { RunnerStatus } from "../runner-options.js";
import { createStrategyRunner } from "../strategy-runner.js";
import { botOption } from "./bot-option.js";
import { EXIT, exitCodeOf } from "./exit-code.js";
import { printBotStatus, printCheck, printStatus, printStrategies, printSummary, type Write } from "./print.js";
import { openServices } from "./services.js";

interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
}

interface BotOptions {
  bot: number | string;
  user?: string;
}

const EXAMPLES = `
Examples:
  tradekit-strategy-runner strategies                 # what it can run, with params and defaults
  tradekit-strategy-runner check --bot demo-ma-cross  # load the bot, validate its params, run nothing
  tradekit-strategy-runner run --bot demo-ma-cross    # run it until Ctrl-C (SIGINT) or SIGTERM
  tradekit-strategy-runner run --bot 7 --candles ticks --json
  tradekit-strategy-runner status --bot 7 --json

Environment:
  TRADING_DATABASE_URL  the trading database (required: bots, strategies, feeds, fills, runs)
  OHLCV_DATABASE_URL    the candle store (default: the trading database)
  REDIS_URL             ticks, order requests and statuses, bot status (unset: this process only)
  LOG_LEVEL             pino level of the log lines on stderr (default info)

Exit codes: 0 ok (run: stopped by a signal); 1 unexpected failure; 2 bad input (arguments,
configuration, unknown bot, a param that fails validation); 3 PostgreSQL or Redis unreachable at
start; 4 run: every strategy of the bot stopped on an error; 5 run: another runner holds the bot.`;

/** The program's streams and its stop signal; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when `run` must stop (default: SIGINT or SIGTERM). */
  stop?: Promise<unknown>;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function signals(): Promise<string> {
  return new Promise((resolve) => {
    for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => resolve(s));
  });
}

/**
 * Runs `tradekit-strategy-runner` with `args` (without node and the script) and resolves to its
 * exit code. Human output on stdout (`--json`: JSON), pino lines and errors on stderr.
 */
export async function runCli(args: string[], io: CliIo = processIo): Promise<number> {
  const argv = args[0] === "--" ? args.slice(1) : args;
  let code: number = EXIT.ok;
  let globals: GlobalOptions = {};
  const logger = (): Logger =>
    pino(
      { name: "tradekit-strategy-runner", level: process.env.LOG_LEVEL ?? (globals.verbose ? "debug" : "info") },
      pino.destination({ fd: 2, sync: true }),
    );
  const write: Write = (line) => io.stdout(`${line}\n`);
  const emit = (value: unknown, human: () => void) => {
    if (globals.json) io.stdout(`${JSON.stringify(value)}\n`);
    else human();
  };
  const botOptions = (c: Command) =>
    c
      .requiredOption("--bot <id|name>", "the bot: its id or its name", botOption)
      .option("--user <username>", "the bot's owner, when two users have a bot of that name");

  const program = new Command("tradekit-strategy-runner")
    .description(
      "Runs tradekit bots: strategies and feeds from the database, candles from the store, ticks from the cache, orders to the order manager.",
    )
    .option("--json", "machine-readable output on stdout (JSON)")
    .option("--verbose", "debug log lines, and stack traces of failures")
    .addHelpText("after", EXAMPLES)
    .showHelpAfterError("(run tradekit-strategy-runner --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.hook("preAction", (_, action) => {
    globals = action.optsWithGlobals<GlobalOptions>();
  });

  program
    .command("strategies")
    .description("list the strategies this runner can run, with their params and defaults")
    .action(() => {
      const list = builtinStrategies().list();
      emit(
        list.map((d) => ({
          name: d.name,
          description: d.description,
          params: Object.entries(d.params).map(([name, p]) => ({
            name,
            default: p.defaultValue,
            expects: p.expects,
            description: p.description,
          })),
        })),
        () => printStrategies(write, list),
      );
    });

  botOptions(program.command("check"))
    .description("load the bot with its strategies and feeds and validate its params; run nothing")
    .action(async (opts: BotOptions) => {
      const services = await openServices(logger());
      try {
        const loaded = await withDatabase(async (db) => loadBot(db, opts, builtinStrategies()), services.database);
        emit(
          {
            botId: loaded.bot.id,
            name: loaded.bot.name,
            dryRun: loaded.bot.dryRun,
            exchange: loaded.exchange,
            strategies: loaded.strategies.map((s) => ({
              botStrategyId: s.details.id,
              strategy: s.details.strategyName,
              params: s.details.effectiveParams,
              feeds: s.feeds.map(({ feed }) => ({
                exchange: feed.exchange,
                symbol: feed.symbol,
                timeframe: feed.timeframe.name,
              })),
            })),
          },
          () => printCheck(write, loaded),
        );
      } finally {
        await services.close();
      }
    });

  botOptions(program.command("status"))
    .description("the bot's status and heartbeat in the cache, and its running run")
    .action(async (opts: BotOptions) => {
      const services = await openServices(logger());
      try {
        const { bot, running } = await withDatabase(async (db) => {
          const b = await resolveBot(db, opts);
          return { bot: b, running: (await db.botRuns.findRunning(b.id)) ?? null };
        }, services.database);
        const report = {
          botId: bot.id,
          statuses: await services.caches.bots.getBot(bot.id),
          heartbeat: await services.caches.bots.lastHeartbeat(bot.id),
          running: running ? { id: running.id, startedAt: running.startedAt } : null,
        };
        emit(report, () => printBotStatus(write, report));
      } finally {
        await services.close();
      }
    });

  botOptions(program.command("run"))
    .description("run the bot live until SIGINT or SIGTERM: follow ticks and closed candles, send orders, keep its status")
    .addOption(
      new Option("--candles <source>", "closed candles read from the store, or built from the ticks")
        .choices(["store", "ticks"])
        .default("store"),
    )
    .option("--dry-run-fee <rate>", "fee rate of a dry-run bot's fills (default 0.001)")
    .action(async (opts: BotOptions & { candles: "store" | "ticks"; dryRunFee?: string }) => {
      const log = logger();
      const services = await openServices(log);
      let last = "";
      const failed = Promise.withResolvers<number>();
      const onStatus = (s: RunnerStatus) => {
        const line = `${s.state}|${s.reason}|${s.strategies.map((x) => x.state).join(",")}`;
        if (line === last) return;
        last = line;
        emit({ status: s }, () => printStatus(write, s));
        if (s.state === "error")
          failed.resolve(s.strategies.every((x) => x.state === "error") ? EXIT.strategiesFailed : EXIT.failed);
      };
      const runner = createStrategyRunner({
        bot: opts.bot,
        ...(opts.user === undefined ? {} : { user: opts.user }),
        database: services.database,
        caches: services.caches,
        candleSource: opts.candles,
        ...(opts.dryRunFee === undefined ? {} : { dryRunFeeRate: opts.dryRunFee }),
        logger: log,
        onStatus,
      });
      try {
        await runner.start();
        const stop = io.stop ?? signals();
        const outcome = await Promise.race([stop.then(() => EXIT.ok), failed.promise]);
        const summary = await runner.stop();
        emit({ summary }, () => printSummary(write, summary));
        code = outcome;
      } finally {
        await runner.stop().catch(() => undefined);
        await services.close();
      }
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    code = exitCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`tradekit-strategy-runner: ${message}\n`);
    if (globals.verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  }
  return code;
}
