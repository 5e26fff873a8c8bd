import { join } from "node:path";
import { Decimal, Timeframe, toUtcDate, ValidationError } from "@tradekit/domain";
import { TimeseriesRepository } from "@tradekit/ohlcv";
import { withDatabase } from "@tradekit/orm";
import { resolveBot } from "@tradekit/strategy-runner";
import { type Logger, pino } from "pino";
import { writeHtmlReport } from "../report/html/html-report.js";
import { buildRunReport, type RunReport } from "../report/run-report.js";
import { marketOfBot } from "../run/run-bot.js";
import { openStack } from "../stack/trading-stack.js";
import { reportsDir } from "./run-and-report.js";

/** Which run of which bot to report on. */
export interface ReportRunOptions {
  readonly bot: string | number;
  readonly user?: string;
  /** The run (default the bot's latest). */
  readonly runId?: number;
  /** Candles shown (default: from the run's start or its first fill, to the store's last candle). */
  readonly from?: Date | string | number;
  readonly to?: Date | string | number;
  /** What the paper account started with (default 100000, the order manager's default). */
  readonly balance?: string;
  readonly dataDir?: string;
  readonly html?: string | null;
  readonly logger?: Logger;
}

/**
 * The report of a bot's run after the fact — a bot run by the strategy runner and the order
 * manager in processes of their own, say: its account's stored fills replayed through the domain,
 * the stored statistics, and the candles of its market from the store.
 */
export async function reportRun(options: ReportRunOptions): Promise<{ report: RunReport; html: string | null }> {
  const logger = options.logger ?? pino({ name: "tradekit", level: process.env.LOG_LEVEL ?? "info" });
  await using stack = await openStack({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), logger });
  const market = await marketOfBot(stack.database, options.bot, options.user);
  const facts = await withDatabase(async (db) => {
    const bot = await resolveBot(db, { bot: options.bot, ...(options.user ? { user: options.user } : {}) });
    if (bot.accountId === null)
      throw new ValidationError(`bot ${bot.name} (${bot.id}) has no exchange account: no fills to report`);
    const run =
      options.runId === undefined ? (await db.botRuns.getRuns(bot.id, { limit: 1 }))[0] : await db.botRuns.getRun(options.runId);
    if (!run) throw new ValidationError(`bot ${bot.name} (${bot.id}) has no run yet`);
    if (run.botId !== bot.id) throw ValidationError.invalid("run", options.runId, `a run of bot ${bot.name} (${bot.id})`);
    const [first] = await db.trades.getTrades({ exId: bot.accountId });
    return { bot, run, firstFill: first?.time ?? null };
  }, stack.database);
  const tf = Timeframe.parse(market.timeframe);
  let from: Date;
  let to: Date;
  {
    await using repo = await TimeseriesRepository.open({
      url: stack.databases.ohlcvUrl,
      exchange: market.exchange,
      symbol: market.symbol,
    });
    const coverage = await repo.coverage(tf);
    if (coverage === null)
      throw new ValidationError(`the candle store has no ${market.timeframe} candles of ${market.exchange} ${market.symbol}`);
    const start = facts.firstFill && facts.firstFill < facts.run.startedAt ? facts.firstFill : facts.run.startedAt;
    from = tf.bucketStart(
      options.from === undefined ? Math.max(start.getTime(), coverage.first.getTime()) : toUtcDate(options.from, "from"),
    );
    to = options.to === undefined ? coverage.last : tf.bucketStart(toUtcDate(options.to, "to"));
  }
  const accountId = facts.bot.accountId as number;
  const quote = await withDatabase(
    async (db) => (await db.symbols.getBySymbol(market.exchange, market.symbol)).quoteCurrency,
    stack.database,
  );
  const report = await buildRunReport(stack.database, stack.candles, {
    botId: facts.bot.id,
    botName: facts.bot.name,
    accountId,
    runId: facts.run.id,
    exchange: market.exchange,
    symbol: market.symbol,
    timeframe: market.timeframe,
    from,
    to,
    startingBalance: new Decimal(options.balance ?? "100000"),
    quoteCurrency: quote,
    notes: [
      `run ${facts.run.id} (${facts.run.status}) started ${facts.run.startedAt.toISOString()}; every fill of account ${accountId}`,
      `the runner recorded ${facts.run.totalTrades} fills and a PnL of ${facts.run.totalPnl.toFixed()} (marked at its last closed bar)`,
    ],
    // A live run's recorded PnL is marked at the runner's last closed bar, this report at the store's
    // last candle; and the account's fills may be several runs'. So no equality is asserted here.
    checkRunTotals: false,
  });
  const html =
    options.html === null
      ? null
      : await writeHtmlReport(
          report,
          options.html ?? join(reportsDir(stack.databases.dataDir), `${facts.bot.name}-run-${facts.run.id}.html`),
        );
  return { report, html };
}
