import { MemoryStore } from "@tradekit/cache";
import { Timeframe, toUtcDate, ValidationError } from "@tradekit/domain";
import { TimeseriesRepository } from "@tradekit/ohlcv";
import { type Logger, pino } from "pino";
import { defaultProgressMode, type ProgressMode } from "../market/progress.js";
import type { PaperSettings } from "../run/replay-run.js";
import { createRunBot, marketOfBot } from "../run/run-bot.js";
import { openCaches, openStack } from "../stack/trading-stack.js";
import { type RunAndReport, reportsDir, runAndReport } from "./run-and-report.js";

/** What to backtest. */
export interface BacktestOptions {
  /** The bot whose strategies, params and feeds are tested: its id or name. */
  readonly bot: string | number;
  readonly user?: string;
  /** First and last candle (bucket starts, inclusive); default the store's whole series. */
  readonly from?: Date | string | number;
  readonly to?: Date | string | number;
  readonly paper?: Partial<PaperSettings>;
  readonly dataDir?: string;
  /** The page's path; null for none; default `<data folder>/reports/<copy>.html`. */
  readonly html?: string | null;
  readonly progress?: ProgressMode;
  /** Candles read from the store per query (default 10,000). */
  readonly pageBars?: number;
  readonly logger?: Logger;
  /** Hears a line for people at each step. */
  readonly say?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** What a backtest did. */
export interface BacktestResult extends RunAndReport {
  readonly dataDir: string | null;
  readonly seconds: number;
}

/**
 * A backtest (DESIGN.md §10: the paper venue on a replay clock): a fresh copy of the bot on a
 * fresh paper account, replayed over stored candles through the same order path as a paper run
 * (order manager, risk checks, paper venue filling at the next tick with the fee and the seeded
 * slippage), so the same candles and settings give the same trades and PnL to the last digit, and
 * the same as a paper run of those candles. Its ticks and requests go to a memory store of its own:
 * historical prices never reach the live TickCache other processes read.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const started = performance.now();
  const logger = options.logger ?? pino({ name: "tradekit", level: process.env.LOG_LEVEL ?? "info" });
  await using stack = await openStack({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), logger });
  const market = await marketOfBot(stack.database, options.bot, options.user);
  const timeframe = Timeframe.parse(market.timeframe);
  let from: Date;
  let to: Date;
  {
    await using repo = await TimeseriesRepository.open({
      url: stack.databases.ohlcvUrl,
      exchange: market.exchange,
      symbol: market.symbol,
      create: true,
    });
    const coverage = await repo.coverage(timeframe);
    if (coverage === null)
      throw new ValidationError(
        `the candle store has no ${market.timeframe} candles of ${market.exchange} ${market.symbol}: load some first (tradekit start, or tradekit-setup import candles)`,
      );
    from = options.from === undefined ? coverage.first : timeframe.bucketStart(toUtcDate(options.from, "from"));
    to = options.to === undefined ? coverage.last : timeframe.bucketStart(toUtcDate(options.to, "to"));
    if (from.getTime() > to.getTime())
      throw ValidationError.invalid("from", from.toISOString(), `not after to (${to.toISOString()})`);
  }
  const bot = await createRunBot(stack.database, {
    template: options.bot,
    ...(options.user ? { user: options.user } : {}),
    kind: "backtest",
  });
  logger.info({ bot: bot.name, template: bot.templateName, from, to }, "backtest on a fresh paper copy of the bot");
  options.say?.(`backtest: ${bot.name}, a fresh copy of ${bot.templateName}, over ${from.toISOString()} to ${to.toISOString()}`);
  const caches = await openCaches(new MemoryStore(), "backtest:");
  try {
    const result = await runAndReport(
      { database: stack.database, caches, candles: stack.candles, risk: stack.config.risk, logger },
      {
        bot,
        from,
        to,
        expectedBars: Math.floor((to.getTime() - from.getTime()) / timeframe.ms) + 1,
        ...(options.paper ? { paper: options.paper } : {}),
        ...(options.html !== undefined ? { html: options.html } : {}),
        reportsDir: reportsDir(stack.databases.dataDir),
        progress: options.progress ?? defaultProgressMode(),
        notes: [`backtest of ${bot.templateName} over the stored candles`],
        ...(options.say ? { say: options.say } : {}),
        ...(options.pageBars ? { pageBars: options.pageBars } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      logger,
    );
    return { ...result, dataDir: stack.databases.dataDir, seconds: (performance.now() - started) / 1000 };
  } finally {
    await caches.store.close();
  }
}
