import { DEMO_NAMES } from "@tradekit/setup";
import { type Logger, pino } from "pino";
import { type CandleSource, type LoadedCandles, loadCandles } from "../market/load-candles.js";
import { defaultProgressMode, type ProgressMode } from "../market/progress.js";
import type { PaperSettings } from "../run/replay-run.js";
import { createRunBot } from "../run/run-bot.js";
import { openStack } from "../stack/trading-stack.js";
import { type RunAndReport, reportsDir, runAndReport } from "./run-and-report.js";

/** Options of the main job; everything has a default. */
export interface MainJobOptions {
  /** Default: the generated market (seed 42, 21 days). */
  readonly candles?: CandleSource;
  /** The bot whose copy trades (default the demo bot, `demo-ma-cross`). */
  readonly bot?: string | number;
  readonly paper?: Partial<PaperSettings>;
  /** Folder of the embedded databases (default TRADEKIT_DATA_DIR or the XDG state folder). */
  readonly dataDir?: string;
  /** The page's path; null for none; default `<data folder>/reports/<bot>.html`. */
  readonly html?: string | null;
  readonly progress?: ProgressMode;
  readonly logger?: Logger;
  /** Hears a line for people at each step (the CLI prints them on a terminal, where the log is quiet). */
  readonly say?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Where the main job ran and what it did. */
export interface MainJobResult extends RunAndReport {
  readonly dataDir: string | null;
  readonly embedded: boolean;
  readonly cache: "redis" | "memory";
  readonly candles: LoadedCandles;
  /** Seconds: opening and initializing the databases, storing the candles, the replay, the report, all. */
  readonly timings: {
    readonly setup: number;
    readonly candles: number;
    readonly replay: number;
    readonly report: number;
    readonly total: number;
  };
}

/**
 * The main job (`pnpm start`), in one process: setup (the embedded databases unless URLs are
 * configured, `init --demo`), the candles into the store, a fresh paper copy of the demo bot (a
 * new bot run each time, so a second start on the same data folder reports only its own run),
 * the order manager with the paper venue and the strategy runner replaying the candles as ticks
 * through the cache (Redis with REDIS_URL, else the in-memory store), then the report from the
 * stored fills and its HTML page.
 */
export async function runMainJob(options: MainJobOptions = {}): Promise<MainJobResult> {
  const t0 = performance.now();
  const logger = options.logger ?? pino({ name: "tradekit", level: process.env.LOG_LEVEL ?? "info" });
  const progress = options.progress ?? defaultProgressMode();
  const say = options.say ?? (() => undefined);
  await using stack = await openStack({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), logger });
  const { databases } = stack;
  logger.info(
    {
      dataDir: databases.dataDir,
      trading: databases.trading.source,
      ohlcv: databases.ohlcv.source,
      cache: stack.caches.store.kind,
    },
    databases.embedded ? `embedded databases in ${databases.dataDir}` : "databases from the environment",
  );
  say(
    databases.embedded
      ? `databases: embedded, in ${databases.dataDir}; cache: ${stack.caches.store.kind}`
      : `databases: ${databases.trading.source}, ${databases.ohlcv.source}; cache: ${stack.caches.store.kind}`,
  );
  const t1 = performance.now();
  const source: CandleSource = options.candles ?? { kind: "generated" };
  const loaded = await loadCandles(databases, stack.database, source, { logger, progress });
  say(`candles: ${loaded.description}; ${loaded.inserted} stored now, ${loaded.unchanged} already there`);
  const t2 = performance.now();
  const bot = await createRunBot(stack.database, {
    template: options.bot ?? DEMO_NAMES.botName,
    kind: "run",
    market: loaded.market,
  });
  logger.info(
    { bot: bot.name, botId: bot.botId, accountId: bot.accountId, template: bot.templateName },
    "a fresh paper bot for this run",
  );
  say(`bot: ${bot.name}, a fresh copy of ${bot.templateName} on paper account ${bot.accountId}`);
  const result = await runAndReport(
    { database: stack.database, caches: stack.caches, candles: stack.candles, risk: stack.config.risk, logger },
    {
      bot,
      from: loaded.from,
      to: loaded.to,
      expectedBars: loaded.candles,
      ...(options.paper ? { paper: options.paper } : {}),
      ...(options.html !== undefined ? { html: options.html } : {}),
      reportsDir: reportsDir(databases.dataDir),
      progress,
      notes: [`candles: ${loaded.description}`],
      ...(options.say ? { say: options.say } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    logger,
  );
  const total = (performance.now() - t0) / 1000;
  return {
    ...result,
    dataDir: databases.dataDir,
    embedded: databases.embedded,
    cache: stack.caches.store.kind,
    candles: loaded,
    timings: {
      setup: (t1 - t0) / 1000,
      candles: (t2 - t1) / 1000,
      replay: result.run.seconds,
      report: result.reportSeconds,
      total,
    },
  };
}
