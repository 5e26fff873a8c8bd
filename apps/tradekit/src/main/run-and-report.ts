import { join } from "node:path";
import { Decimal } from "@tradekit/domain";
import { defaultDataDir } from "@tradekit/setup";
import type { Logger } from "pino";
import { type ProgressMode, progressFor } from "../market/progress.js";
import { writeHtmlReport } from "../report/html/html-report.js";
import { buildRunReport, type RunReport } from "../report/run-report.js";
import { type PaperSettings, type ReplayRunDeps, type ReplayRunResult, replayRun } from "../run/replay-run.js";
import type { RunBot } from "../run/run-bot.js";

/** What runAndReport did. */
export interface RunAndReport {
  readonly run: ReplayRunResult;
  readonly report: RunReport;
  /** Where the page was written; null when none was asked for. */
  readonly html: string | null;
  readonly reportSeconds: number;
}

/** Options shared by `start` and `backtest`. */
export interface RunReportOptions {
  readonly bot: RunBot;
  readonly from: Date;
  readonly to: Date;
  /** Bars expected (for the progress display). */
  readonly expectedBars: number;
  readonly paper?: Partial<PaperSettings>;
  /** Where to write the page: a path, null for none, undefined for `<reports folder>/<bot>.html`. */
  readonly html?: string | null;
  /** The folder reports go to by default (the data folder's `reports/`). */
  readonly reportsDir: string;
  readonly progress: ProgressMode;
  readonly notes: readonly string[];
  readonly pageBars?: number;
  readonly signal?: AbortSignal;
  /** Hears a line for people when the replay is done. */
  readonly say?: (line: string) => void;
}

/** `<data folder>/reports`: the embedded databases' folder, or the XDG state folder with servers. */
export function reportsDir(dataDir: string | null): string {
  return join(dataDir ?? defaultDataDir(), "reports");
}

/** Replays the bot over [from, to] (the one order path), then builds the report from the stored fills and writes the page. */
export async function runAndReport(deps: ReplayRunDeps, options: RunReportOptions, logger: Logger): Promise<RunAndReport> {
  const progress = progressFor(`replay ${options.bot.name}`, options.expectedBars, options.progress, logger, "bars");
  let run: ReplayRunResult;
  try {
    run = await replayRun(deps, {
      bot: options.bot,
      from: options.from,
      to: options.to,
      ...(options.paper ? { paper: options.paper } : {}),
      ...(options.pageBars ? { pageBars: options.pageBars } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (bars) => progress.set(bars),
    });
  } finally {
    progress.stop();
  }
  logger.info(
    { bot: run.bot.name, runId: run.runId, bars: run.bars, fills: run.summary.fills, seconds: Number(run.seconds.toFixed(2)) },
    "replay done",
  );
  options.say?.(
    `replay: ${run.bars} bars (${run.ticks} ticks) in ${run.seconds.toFixed(1)} s, ${run.summary.fills} fills; building the report`,
  );
  const started = performance.now();
  const paper = run.paper;
  const report = await buildRunReport(deps.database, deps.candles, {
    botId: run.bot.botId,
    botName: run.bot.name,
    accountId: run.bot.accountId,
    runId: run.runId,
    exchange: run.bot.market.exchange,
    symbol: run.bot.market.symbol,
    timeframe: run.bot.market.timeframe,
    from: run.firstBar ?? options.from,
    to: run.lastBar ?? options.to,
    startingBalance: new Decimal(paper.balance),
    quoteCurrency: run.bot.quoteCurrency,
    notes: [
      ...options.notes,
      `paper venue: fee ${paper.feeRate}, slippage up to ${paper.maxSlippageBps} bps (seed ${paper.seed}), starting balance ${paper.balance} ${run.bot.quoteCurrency}; market orders fill at the next tick (a decision on a bar's close fills at the next bar's open)`,
      ...(run.canceledAtEnd.length > 0
        ? [`${run.canceledAtEnd.length} order(s) still working when the candles ran out were canceled`]
        : []),
      ...run.strategyErrors.map((e) => `strategy failed: ${e}`),
    ],
  });
  const html =
    options.html === null
      ? null
      : await writeHtmlReport(report, options.html ?? join(options.reportsDir, `${run.bot.name}.html`));
  return { run, report, html, reportSeconds: (performance.now() - started) / 1000 };
}
