import type { OrdersCache } from "@tradekit/cache";
import { type DecimalInput, toNonNegativeDecimal } from "@tradekit/domain";
import type { Database, MarketSymbol } from "@tradekit/orm";
import type { Logger } from "pino";
import type { LoadedBot } from "./bot-loader.js";
import { type CandleStore, readWarmup } from "./candle-store.js";
import type { Clock } from "./clock.js";
import type { DependencyGuard } from "./dependency-guard.js";
import { DryExecutor } from "./dry-executor.js";
import { OrderTracker } from "./order-tracker.js";
import { PositionBook } from "./position-book.js";
import { RunSession } from "./run-session.js";
import { RunTotals } from "./run-totals.js";
import { SeriesState, seriesKey } from "./series-state.js";
import { StrategyInstance } from "./strategy-instance.js";

/** What building a run's session takes. */
export interface SessionParts {
  loaded: LoadedBot;
  database: Database;
  orders: OrdersCache;
  guard: DependencyGuard;
  clock: Clock;
  logger: Logger;
  stepped: boolean;
  dryRunFeeRate: DecimalInput;
  handlerTimeoutMs: number;
  lateFillMs: number;
  onFailure: (instance: StrategyInstance) => Promise<void>;
}

/**
 * The session of a loaded bot: one series state per distinct (exchange, symbol, timeframe), one
 * strategy instance per active bot strategy, the positions rebuilt from the stored fills, the
 * order tracker, the run's totals, and the dry-run venue for a dry-run bot.
 */
export function buildSession(parts: SessionParts): RunSession {
  const { loaded } = parts;
  const positions = new PositionBook();
  for (const p of loaded.positions.values()) positions.restore(p);
  const tracker = new OrderTracker();
  const series = new Map<string, SeriesState>();
  const markets = new Map<string, MarketSymbol>();
  const instances = loaded.strategies.map((ls) => {
    const feeds = ls.feeds.map(({ feed, market }) => {
      markets.set(market.symbol, market);
      const key = seriesKey(feed.exchange, feed.symbol, feed.timeframe);
      const state = series.get(key) ?? new SeriesState(feed.exchange, feed.symbol, feed.timeframe, market);
      series.set(key, state);
      return state;
    });
    return new StrategyInstance(ls, feeds, {
      bot: { id: loaded.bot.id, name: loaded.bot.name, dryRun: loaded.bot.dryRun },
      exchange: loaded.exchange,
      exId: loaded.account?.id ?? null,
      clock: parts.clock,
      positions,
      tracker,
      logger: parts.logger,
      handlerTimeoutMs: parts.handlerTimeoutMs,
    });
  });
  const exId = loaded.account?.id ?? null;
  const dry = loaded.bot.dryRun
    ? new DryExecutor(loaded.bot.id, exId, toNonNegativeDecimal(parts.dryRunFeeRate, "dryRunFeeRate"), markets)
    : null;
  for (const order of loaded.openOrders) {
    const owner = instances.find((i) => i.symbol === order.symbol) ?? instances[0];
    if (owner) tracker.track(order, "restored", owner.botStrategyId, true);
  }
  return new RunSession({
    loaded,
    database: parts.database,
    orders: parts.orders,
    guard: parts.guard,
    clock: parts.clock,
    logger: parts.logger,
    tracker,
    positions,
    totals: new RunTotals(positions),
    dry,
    series,
    instances,
    syncBeforeEvents: parts.stepped,
    lateFillMs: parts.lateFillMs,
    onFailure: parts.onFailure,
  });
}

/**
 * Warms every series up: as many closed candles before `until` as the longest indicator on it
 * needs, into the series and the indicators (not the strategies' onCandle), then starts the
 * run's totals from the prices they left.
 */
export async function warmUp(session: RunSession, candles: CandleStore, until: Date, logger: Logger): Promise<void> {
  const { instances, series, totals } = session.deps;
  for (const s of series.values()) {
    let count = 0;
    for (const i of instances)
      i.feeds.forEach((f, feed) => {
        if (f === s) count = Math.max(count, i.indicators.warmupOf(feed));
      });
    s.keepAtLeast(count);
    const history = await readWarmup(candles, s.exchange, s.symbol, s.timeframe, count, s.timeframe.bucketStart(until));
    for (const c of history) session.warm(s, c);
    logger.info({ series: `${s.exchange}:${s.symbol}:${s.timeframe.name}`, wanted: count, read: history.length }, "warmed up");
  }
  totals.rebase();
}
