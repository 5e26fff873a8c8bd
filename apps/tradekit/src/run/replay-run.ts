import { setTimeout as sleep } from "node:timers/promises";
import type { RiskLimits } from "@tradekit/config";
import { ValidationError } from "@tradekit/domain";
import { createOrderManager, type OrderManager, PaperVenue } from "@tradekit/order-manager";
import { type Database, withDatabase } from "@tradekit/orm";
import {
  type CandleStore,
  createStrategyRunner,
  ManualClock,
  type ReplayListener,
  type ReplaySeries,
  type RunSummary,
  replayCandles,
  type StrategyRunner,
  storeCandles,
} from "@tradekit/strategy-runner";
import type { Logger } from "pino";
import { ObservedStore } from "../stack/observed-store.js";
import { openCaches, type StackCaches } from "../stack/trading-stack.js";
import { outageNotice, type RetryPolicy, untilAvailable } from "./outage-retry.js";
import type { RunBot, RunMarket } from "./run-bot.js";

/** The paper venue's fill model and starting wallet. */
export interface PaperSettings {
  /** Fee as a fraction of a fill's cost (default 0.001). */
  readonly feeRate: string;
  /** Largest slippage of a market fill, basis points (default 2). */
  readonly maxSlippageBps: string;
  /** Seed of the slippage draws (default 1). */
  readonly seed: number;
  /** Quote currency the account starts with (default 100000). */
  readonly balance: string;
}

/** The paper settings with every default filled in. */
export function paperSettings(given: Partial<PaperSettings> = {}): PaperSettings {
  return {
    feeRate: given.feeRate ?? "0.001",
    maxSlippageBps: given.maxSlippageBps ?? "2",
    seed: given.seed ?? 1,
    balance: given.balance ?? "100000",
  };
}

/** What a replay run composes on. */
export interface ReplayRunDeps {
  readonly database: Database;
  /** The caches it writes ticks, requests and statuses to (Redis or a memory store). */
  readonly caches: StackCaches;
  /** Where its candles (and their warm-up) are read. */
  readonly candles: CandleStore;
  readonly risk: RiskLimits;
  readonly logger: Logger;
}

/** Which candles and how. */
export interface ReplayRunOptions {
  readonly bot: RunBot;
  /** First and last bucket start replayed (inclusive); warm-up candles are the ones before `from`. */
  readonly from: Date;
  readonly to: Date;
  readonly paper?: Partial<PaperSettings>;
  /** Candles read from the store per query (default 10,000). */
  readonly pageBars?: number;
  readonly onProgress?: (bars: number) => void;
  /** Told when the run pauses for an outage (true) and resumes (false). */
  readonly onOutage?: (down: boolean, what: string) => void;
  readonly signal?: AbortSignal;
}

/** What a replay run did. */
export interface ReplayRunResult {
  readonly bot: RunBot;
  readonly runId: number;
  readonly status: string;
  readonly from: Date;
  readonly to: Date;
  /** Start of the first and last bar replayed (null when the range had none). */
  readonly firstBar: Date | null;
  readonly lastBar: Date | null;
  readonly bars: number;
  readonly ticks: number;
  readonly summary: RunSummary;
  /** Orders still working when the candles ran out, canceled then. */
  readonly canceledAtEnd: readonly string[];
  readonly paper: PaperSettings;
  readonly strategyErrors: readonly string[];
  readonly outages: number;
  readonly seconds: number;
}

/** The distinct series of a bot's feeds (every feed's candles are replayed, merged by close time). */
async function seriesOf(database: Database, botId: number): Promise<RunMarket[]> {
  const feeds = await withDatabase((db) => db.feeds.getByBot(botId), database);
  const seen = new Map<string, RunMarket>();
  for (const f of feeds)
    seen.set(`${f.exchange}|${f.symbol}|${f.timeframe.name}`, {
      exchange: f.exchange,
      symbol: f.symbol,
      timeframe: f.timeframe.name,
    });
  return [...seen.values()];
}

/**
 * Replays stored candles through the one order path (DESIGN.md §10), deterministically: a replay
 * clock; each bar as four ticks written to TickCache and handed to the paper venue, then to the
 * strategy runner (stepped); the order manager (manual) drained after every step that gave it
 * work, so an order decided on a bar's close fills at the next bar's open with the fee and the
 * seeded slippage. Redis or PostgreSQL going away pauses the replay until they are back. At the
 * end, orders still working are canceled, the runner stops (recording the run) and so does the
 * manager. The same bot settings, candles and paper settings give the same orders and fills.
 */
export async function replayRun(deps: ReplayRunDeps, options: ReplayRunOptions): Promise<ReplayRunResult> {
  const started = performance.now();
  const { bot, from, to } = options;
  if (!(from.getTime() <= to.getTime()))
    throw ValidationError.invalid("from", from.toISOString(), `not after to (${to.toISOString()})`);
  const paper = paperSettings(options.paper);
  const logger = deps.logger.child({ run: bot.name });
  let outages = 0;
  const policy: RetryPolicy = {
    logger,
    ...(options.signal ? { signal: options.signal } : {}),
    onOutage: (down, what) => {
      if (down) outages++;
      options.onOutage?.(down, what);
    },
  };
  // Every cache of the run on one observed store: requests pushed and failed calls tell when the
  // order manager has work (and when it may owe a status write after an outage).
  const observed = new ObservedStore(deps.caches.store);
  const caches = await openCaches(observed, deps.caches.keyPrefix);
  const clock = new ManualClock(from);
  const venue = await PaperVenue.open({
    accountId: bot.accountId,
    exchange: "paper",
    store: observed,
    keyPrefix: caches.keyPrefix,
    clock,
    feeRate: paper.feeRate,
    maxSlippageBps: paper.maxSlippageBps,
    seed: paper.seed,
    initialBalances: { [bot.quoteCurrency]: paper.balance },
  });
  let venueEvents = 0;
  const stopListening = venue.onEvent(() => {
    venueEvents++;
  });
  const manager: OrderManager = createOrderManager({
    database: deps.database,
    orders: caches.orders,
    ticks: caches.ticks,
    accounts: caches.accounts,
    botCache: caches.bots,
    venues: new Map([[bot.accountId, venue]]),
    botIds: [bot.botId],
    risk: deps.risk,
    clock,
    logger: logger.child({ component: "order-manager" }),
    options: { manual: true, consumer: `tradekit-${bot.botId}` },
  });
  const runner: StrategyRunner = createStrategyRunner({
    bot: bot.botId,
    database: deps.database,
    caches: { ticks: caches.ticks, orders: caches.orders, bots: caches.bots },
    candles: deps.candles,
    clock,
    mode: "stepped",
    logger: logger.child({ component: "strategy-runner" }),
  });

  const seen = { pushes: 0, events: 0, failures: 0 };
  const drain = async (force = false): Promise<void> => {
    if (!force && observed.pushes === seen.pushes && venueEvents === seen.events && observed.failures === seen.failures) return;
    for (;;) {
      const failures = observed.failures;
      await untilAvailable("order manager", () => manager.drain(), policy);
      // A drain that saw no failed cache call owes no status write: the runner may read them now.
      if (observed.failures === failures) break;
      await sleep(250);
    }
    seen.pushes = observed.pushes;
    seen.events = venueEvents;
    seen.failures = observed.failures;
  };
  const paperListener: ReplayListener = {
    onTicker: (ticker) => untilAvailable("paper venue", () => venue.onTicker(ticker), policy),
  };

  let managerStarted = false;
  let runnerStarted = false;
  try {
    await untilAvailable("order manager start", () => manager.start(), policy);
    managerStarted = true;
    await runner.start({ warmupUntil: from });
    runnerStarted = true;
    const series: ReplaySeries[] = (await seriesOf(deps.database, bot.botId)).map((m) => ({
      ...m,
      candles: storeCandles(deps.candles, m.exchange, m.symbol, m.timeframe, from, to, options.pageBars ?? 10_000),
    }));
    const replay = await replayCandles({
      series,
      ticks: caches.ticks,
      clock,
      listeners: [paperListener, runner],
      settle: () => drain(),
      onOutage: outageNotice("replay (writing ticks)", policy),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await drain(true);
    await runner.syncOrders();
    const working = await untilAvailable(
      "reading open orders",
      () => withDatabase((db) => db.orders.getOpenOrders({ botId: bot.botId }), deps.database),
      policy,
    );
    const canceledAtEnd = working.map((o) => o.clientOrderId);
    if (canceledAtEnd.length > 0) {
      logger.info({ orders: canceledAtEnd }, "the candles ran out: canceling the orders still working");
      await untilAvailable("canceling", () => manager.cancel(canceledAtEnd), policy);
      await drain(true);
      await runner.syncOrders();
    }
    const status = runner.status();
    const summary = await runner.stop();
    runnerStarted = false;
    await manager.stop();
    managerStarted = false;
    return Object.freeze({
      bot,
      runId: summary.runId as number,
      status: summary.status,
      from,
      to,
      firstBar: replay.first,
      lastBar: replay.last,
      bars: replay.bars,
      ticks: replay.ticks,
      summary,
      canceledAtEnd,
      paper,
      strategyErrors: status.strategies.filter((s) => s.error !== null).map((s) => `${s.name}: ${s.error}`),
      outages,
      seconds: (performance.now() - started) / 1000,
    });
  } finally {
    if (runnerStarted) await runner.stop().catch((error: unknown) => logger.error({ err: error }, "stopping the runner failed"));
    if (managerStarted)
      await manager.stop().catch((error: unknown) => logger.error({ err: error }, "stopping the order manager failed"));
    stopListening();
  }
}
