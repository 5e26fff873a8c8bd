import type { BotCache, CacheOptions, OrdersCache, TickCache } from "@tradekit/cache";
import type { DecimalInput } from "@tradekit/domain";
import type { Database } from "@tradekit/orm";
import type { Logger } from "pino";
import type { CandleStore, OhlcvConnection } from "./candle-store.js";
import type { Clock } from "./clock.js";
import type { Outage } from "./dependency-guard.js";
import type { InstanceState } from "./strategy-instance.js";
import type { StrategyRegistry } from "./strategy-registry.js";

/** The caches a runner uses; give them to share a store (the in-memory one in a single process). */
export interface RunnerCaches {
  ticks: TickCache;
  orders: OrdersCache;
  bots: BotCache;
}

/** How often the runner does its periodic work (wall-clock milliseconds). */
export interface RunnerTiming {
  /** Heartbeat and lease renewal (default 5,000). */
  heartbeatMs?: number;
  /** The heartbeat and the lease expire this long after the last beat (default 30). */
  heartbeatTtlSeconds?: number;
  /** Live: how often the order status cache is read for the runner's open orders (default 250). */
  orderPollMs?: number;
  /** While paused: how often each unavailable dependency is probed (default 1,000). */
  retryMs?: number;
  /** The bot run's totals are written this often (default 10,000), and at stop. */
  statsMs?: number;
  /** Live, candles from the store: how often the store is read for newly closed candles (default 1,000). */
  storePollMs?: number;
  /** Live: a bucket counts as closed this long after its end (default 2,000). */
  barCloseGraceMs?: number;
  /** A canceled order is followed this long (run clock) for a late fill (default 300,000). */
  lateFillMs?: number;
  /** An async handler that takes longer fails its strategy (default 30,000). */
  handlerTimeoutMs?: number;
}

/** What createStrategyRunner needs; everything but `bot` has a default. */
export interface StrategyRunnerDeps {
  /** The bot to run: its id, or its name. */
  bot: number | string;
  /** The owner's username, when `bot` is a name two users share. */
  user?: string;
  /** The trading database pool (default the process's, `getDatabase()`); contexts are opened per operation. */
  database?: Database;
  /** The caches (default opened with `cache`). */
  caches?: RunnerCaches;
  /** How to open the caches when `caches` is not given (default from @tradekit/config). */
  cache?: CacheOptions;
  /** Where closed candles are read (default the OHLCV store through `ohlcv`). */
  candles?: CandleStore;
  ohlcv?: OhlcvConnection;
  /** Default the system clock; a replay passes its ManualClock. */
  clock?: Clock;
  /** The strategies it can run (default the built-in ones). */
  strategies?: StrategyRegistry;
  /**
   * "live" (default): follows TickCache and the candle store by itself. "stepped": a driver hands
   * it each tick and closed candle (`onTicker`, `onClosedCandle`) and awaits the reaction.
   */
  mode?: "live" | "stepped";
  /** Live: closed candles read from the store (default) or built from the ticks. */
  candleSource?: "store" | "ticks";
  /** Fee rate of dry-run fills (default 0.001, i.e. 0.1%). */
  dryRunFeeRate?: DecimalInput;
  /** Who holds the bot's lease (default host:pid:random). */
  owner?: string;
  logger?: Logger;
  timing?: RunnerTiming;
  /** Hears every change of the runner's status. */
  onStatus?: (status: RunnerStatus) => void;
}

/** Where the runner is. */
export type RunnerState = "idle" | "starting" | "warming" | "running" | "paused" | "stopping" | "stopped" | "error";

/** One strategy of the running bot. */
export interface StrategyStatus {
  readonly botStrategyId: number;
  readonly name: string;
  readonly state: InstanceState;
  /** Why it stopped: "<handler> threw: <message>". */
  readonly error: string | null;
  readonly indicatorsReady: boolean;
}

/** The runner's status: `status()`, `onStatus`, and what BotCache shows. */
export interface RunnerStatus {
  readonly state: RunnerState;
  /** Words for people: why paused, why failed. */
  readonly reason: string | null;
  readonly botId: number | null;
  readonly botName: string | null;
  readonly dryRun: boolean | null;
  readonly runId: number | null;
  readonly mode: "live" | "stepped";
  readonly outages: readonly Outage[];
  readonly strategies: readonly StrategyStatus[];
  readonly counts: { readonly ticks: number; readonly candles: number; readonly requests: number; readonly fills: number };
  /** PnL of this run so far (exact decimal text) and its maximum drawdown. */
  readonly pnl: string;
  readonly maxDrawdown: string;
}

/** What `stop()` returns: the run as recorded. */
export interface RunSummary {
  readonly runId: number | null;
  readonly status: string;
  readonly fills: number;
  readonly pnl: string;
  readonly maxDrawdown: string;
}

/** Options of `start()`. */
export interface StartOptions {
  /** Warm-up candles start before this (default: the bucket of the clock's now, which is left out). */
  warmupUntil?: Date;
}

/** The timing with every default filled in. */
export function resolveTiming(t: RunnerTiming = {}): Required<RunnerTiming> {
  return {
    heartbeatMs: t.heartbeatMs ?? 5_000,
    heartbeatTtlSeconds: t.heartbeatTtlSeconds ?? 30,
    orderPollMs: t.orderPollMs ?? 250,
    retryMs: t.retryMs ?? 1_000,
    statsMs: t.statsMs ?? 10_000,
    storePollMs: t.storePollMs ?? 1_000,
    barCloseGraceMs: t.barCloseGraceMs ?? 2_000,
    lateFillMs: t.lateFillMs ?? 300_000,
    handlerTimeoutMs: t.handlerTimeoutMs ?? 30_000,
  };
}
