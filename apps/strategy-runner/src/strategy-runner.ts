import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { BotCache, OrdersCache, TickCache, type Ticker } from "@tradekit/cache";
import { TradekitError } from "@tradekit/domain";
import { type Database, getDatabase, withDatabase } from "@tradekit/orm";
import { pino } from "pino";
import { loadBot, resolveBot } from "./bot-loader.js";
import { BotPresence } from "./bot-presence.js";
import { builtinStrategies } from "./builtin-strategies.js";
import { timeseriesCandleStore } from "./candle-store.js";
import { systemClock } from "./clock.js";
import { DependencyGuard, type Outage, RunnerStoppedError } from "./dependency-guard.js";
import { EventLoop } from "./event-loop.js";
import { LiveFollower } from "./live-follower.js";
import type { RunSession } from "./run-session.js";
import {
  type RunnerCaches,
  type RunnerState,
  type RunnerStatus,
  type RunSummary,
  resolveTiming,
  type StartOptions,
  type StrategyRunnerDeps,
} from "./runner-options.js";
import { RunnerReporter } from "./runner-reporter.js";
import { buildSession, warmUp } from "./session-builder.js";
import type { ClosedCandle } from "./strategy.js";
import type { StrategyInstance } from "./strategy-instance.js";

/** Creates the runner of one bot; nothing happens until `start()`. */
export function createStrategyRunner(deps: StrategyRunnerDeps): StrategyRunner {
  return new StrategyRunner(deps);
}

/**
 * Runs one bot: loads it with its strategies and feeds, warms the indicators up from the candle
 * store, then handles ticks and closed candles (followed live, or handed in one at a time by a
 * replay in stepped mode), sends the strategies' requests to the order manager (or fills them
 * itself for a dry-run bot) and follows their statuses. Redis or PostgreSQL going away pauses it
 * until they are back; a strategy that throws is stopped and reported, the others go on.
 */
export class StrategyRunner {
  readonly #deps: StrategyRunnerDeps;
  readonly #timing: ReturnType<typeof resolveTiming>;
  readonly #clock;
  readonly #logger;
  readonly #loop: EventLoop;
  readonly #guard: DependencyGuard;
  readonly #reporter: RunnerReporter;
  #state: RunnerState = "idle";
  #reason: string | null = null;
  #session: RunSession | null = null;
  #follower: LiveFollower | null = null;
  #timers: NodeJS.Timeout[] = [];
  #runId: number | null = null;
  #summary: RunSummary | null = null;
  #stopping: Promise<RunSummary> | null = null;
  /** The runner itself failed (not a strategy, not an outage). */
  #failed = false;

  constructor(deps: StrategyRunnerDeps) {
    this.#deps = deps;
    this.#timing = resolveTiming(deps.timing);
    this.#clock = deps.clock ?? systemClock;
    this.#logger = (deps.logger ?? pino({ name: "tradekit-strategy-runner", level: process.env.LOG_LEVEL ?? "info" })).child({
      bot: deps.bot,
    });
    this.#guard = new DependencyGuard(
      {
        redis: () => this.#reporter.probeRedis(),
        postgres: () => withDatabase((db) => db.healthCheck(), this.#reporter.database),
        ohlcv: () => this.#reporter.probeCandles(),
      },
      this.#timing.retryMs,
      (outages) => this.#onOutages(outages),
      this.#logger,
    );
    this.#loop = new EventLoop(() => this.#guard.whenUp());
    this.#reporter = new RunnerReporter(
      this.#guard,
      this.#logger,
      () => this.status(),
      (error) => void this.#fail(error),
    );
  }

  /** Where the runner is, what it counted, what each strategy is doing. */
  status(): RunnerStatus {
    const s = this.#session;
    const loaded = s?.deps.loaded;
    const totals = s?.deps.totals;
    return {
      state: this.#state,
      reason: this.#reason,
      botId: this.#reporter.botId,
      botName: loaded?.bot.name ?? null,
      dryRun: loaded?.bot.dryRun ?? null,
      runId: this.#runId,
      mode: this.#deps.mode ?? "live",
      outages: this.#guard.outages,
      strategies: (s?.deps.instances ?? []).map((i) => ({
        botStrategyId: i.botStrategyId,
        name: i.loaded.details.strategyName,
        state: i.state,
        error: i.failure ? this.#reporter.describeFailure(i) : null,
        indicatorsReady: i.indicators.ready,
      })),
      counts: { ...(s?.counts ?? { ticks: 0, candles: 0, requests: 0, fills: 0 }) },
      pnl: totals?.pnl.toFixed() ?? "0",
      maxDrawdown: totals?.maxDrawdown.toFixed() ?? "0",
    };
  }

  /**
   * Loads the bot, takes its lease, initializes and warms up its strategies, records the run and,
   * live, starts following the market. Throws (and leaves the bot's status `error`) when the bot
   * cannot run: ValidationError for a bad param (naming it), NotFoundError for an unknown bot,
   * BotAlreadyRunningError, DatabaseUnavailableError or CacheUnavailableError.
   */
  async start(options: StartOptions = {}): Promise<RunnerStatus> {
    if (this.#state !== "idle")
      throw new TradekitError("RUNNER_STARTED", `this runner was already started (it is ${this.#state})`);
    this.#setState("starting");
    try {
      await this.#start(options);
      if ((this.#state as RunnerState) === "warming") this.#setState("running");
      await this.#reporter.writeStatuses(this.#state, this.#reason);
      return this.status();
    } catch (error) {
      this.#reason = error instanceof Error ? error.message : String(error);
      this.#setState("error");
      await this.#reporter.failedToStart(error);
      await this.#teardown();
      throw error;
    }
  }

  async #start(options: StartOptions): Promise<void> {
    const deps = this.#deps;
    const database: Database = deps.database ?? (await getDatabase());
    const caches: RunnerCaches = deps.caches ?? {
      ticks: await TickCache.open(deps.cache),
      orders: await OrdersCache.open(deps.cache),
      bots: await BotCache.open(deps.cache),
    };
    const registry = deps.strategies ?? builtinStrategies();
    const candles = deps.candles ?? timeseriesCandleStore(deps.ohlcv);
    const ref = { bot: deps.bot, ...(deps.user === undefined ? {} : { user: deps.user }) };
    const bot = await withDatabase((db) => resolveBot(db, ref), database);
    const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    const presence = new BotPresence(caches.bots, bot.id, owner, this.#timing.heartbeatTtlSeconds);
    this.#reporter.attach({ botId: bot.id, database, presence, candles });
    await presence.acquire();
    const loaded = await withDatabase((db) => loadBot(db, { bot: bot.id }, registry), database);
    this.#logger.info({ botId: bot.id, name: bot.name, dryRun: bot.dryRun, strategies: loaded.strategies.length }, "bot loaded");

    const session = buildSession({
      loaded,
      database,
      orders: caches.orders,
      guard: this.#guard,
      clock: this.#clock,
      logger: this.#logger,
      stepped: deps.mode === "stepped",
      dryRunFeeRate: deps.dryRunFeeRate ?? "0.001",
      handlerTimeoutMs: this.#timing.handlerTimeoutMs,
      lateFillMs: this.#timing.lateFillMs,
      onFailure: (instance) => this.#strategyFailed(instance),
    });
    const { instances, series, tracker, dry } = session.deps;
    this.#session = session;
    this.#reporter.attachSession(session);
    await this.#reporter.writeStatuses(this.#state, null);
    const now = this.#clock.now();
    for (const instance of instances) {
      if ((await instance.call("init", undefined, now)) === null) await this.#strategyFailed(instance);
    }
    if (this.#state === "starting") this.#setState("warming");
    await this.#reporter.writeStatuses(this.#state, this.#reason);
    await warmUp(session, candles, options.warmupUntil ?? now, this.#logger);
    const run = await withDatabase(async (db) => {
      // We hold the bot's lease: a run still marked running is one whose runner died.
      const stale = await db.botRuns.findRunning(loaded.bot.id);
      if (stale) await db.botRuns.stop(stale.id, "crashed");
      return db.botRuns.start(loaded.bot.id);
    }, database);
    this.#runId = run.id;
    if ((deps.mode ?? "live") === "live") {
      this.#follower = new LiveFollower(
        {
          ticks: caches.ticks,
          candles,
          series: [...series.values()],
          candleSource: deps.candleSource ?? "store",
          clock: this.#clock,
          guard: this.#guard,
          logger: this.#logger,
          storePollMs: this.#timing.storePollMs,
          orderPollMs: this.#timing.orderPollMs,
          barCloseGraceMs: this.#timing.barCloseGraceMs,
          pollOrders: dry === null,
        },
        {
          tick: (t) => this.#enqueue(() => session.handleTick(t), `tick:${t.exchange}:${t.symbol}`),
          candle: (c) => this.#enqueue(() => session.handleCandle(c)),
          sync: () => this.#enqueue(() => session.syncOrders(), "sync"),
          hasOpenOrders: () => tracker.size > 0,
        },
      );
      await this.#follower.start();
    }
    this.#timers.push(setInterval(() => void this.#reporter.beat(), this.#timing.heartbeatMs));
    this.#timers.push(setInterval(() => void this.#reporter.saveTotals(this.#runId), this.#timing.statsMs));
    for (const t of this.#timers) t.unref();
    await this.#reporter.beat();
  }

  /** Stepped mode: hands a tick over; resolves when the strategies reacted and their requests are sent. */
  onTicker(ticker: Ticker): Promise<void> {
    const session = this.#running("onTicker");
    return this.#step(() => session.handleTick(ticker));
  }

  /** Stepped mode: hands a closed candle over; resolves when the strategies reacted and their requests are sent. */
  onClosedCandle(candle: ClosedCandle): Promise<void> {
    const session = this.#running("onClosedCandle");
    return this.#step(() => session.handleCandle(candle));
  }

  /** Reads the order status cache for the open orders now and reports what changed. */
  syncOrders(): Promise<void> {
    const session = this.#running("syncOrders");
    return this.#step(() => session.syncOrders());
  }

  /** Resolves when every event handed over or followed so far has been handled. */
  idle(): Promise<void> {
    return this.#loop.idle();
  }

  /**
   * Stops: ends the following and the queued events, calls each strategy's cleanup, records the
   * run's totals and end, marks the bot stopped and gives its lease back. Safe to call twice.
   */
  stop(): Promise<RunSummary> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<RunSummary> {
    if (this.#runId === null) {
      await this.#teardown();
      this.#summary = {
        runId: this.#runId,
        status: this.#state === "idle" ? "stopped" : "error",
        fills: 0,
        pnl: "0",
        maxDrawdown: "0",
      };
      return this.#summary;
    }
    this.#setState("stopping");
    const session = this.#session as RunSession;
    await this.#follower?.stop();
    for (const t of this.#timers.splice(0)) clearInterval(t);
    this.#loop.clear(new RunnerStoppedError());
    if (this.#guard.isDown) this.#guard.stop();
    await this.#loop.idle();
    if (session.outbox.length > 0)
      this.#logger.warn({ unsent: session.outbox.map((o) => o.clientOrderId) }, "stopping with order requests Redis never took");
    for (const i of session.deps.instances) {
      if (i.state !== "running") continue;
      i.state = "stopped";
      await i.cleanup();
    }
    const failed = this.#failed || session.deps.instances.every((i) => i.state === "error");
    const status = failed ? "error" : "stopped";
    await this.#reporter.endRun(this.#runId, status);
    this.#setState(failed ? "error" : "stopped");
    await this.#reporter.writeStatuses(failed ? "error" : "stopped", this.#reason);
    await this.#teardown();
    const totals = session.deps.totals;
    this.#summary = {
      runId: this.#runId,
      status,
      fills: totals.fills,
      pnl: totals.pnl.toFixed(),
      maxDrawdown: totals.maxDrawdown.toFixed(),
    };
    this.#logger.info(this.#summary, "run ended");
    return this.#summary;
  }

  async #teardown(): Promise<void> {
    await this.#follower?.stop();
    for (const t of this.#timers.splice(0)) clearInterval(t);
    await this.#reporter.release();
    this.#guard.stop();
  }

  #running(what: string): RunSession {
    const session = this.#session;
    if (session === null || !["running", "paused", "warming", "error"].includes(this.#state))
      throw new TradekitError("RUNNER_NOT_RUNNING", `${what}: the runner is ${this.#state}; start() it first`);
    return session;
  }

  // A step handed over: its caller sees its error; an error of the runner itself also stops it.
  async #step(job: () => Promise<void>): Promise<void> {
    try {
      await this.#loop.enqueue(job);
    } catch (error) {
      if (!(error instanceof RunnerStoppedError)) await this.#fail(error);
      throw error;
    }
  }

  #enqueue(job: () => Promise<void>, key: string | null = null): void {
    this.#loop.enqueue(job, key).catch((error: unknown) => {
      if (error instanceof RunnerStoppedError) return;
      void this.#fail(error);
    });
  }

  // An error that is neither an outage nor a strategy's own: the runner cannot go on safely.
  async #fail(error: unknown): Promise<void> {
    if (this.#state === "stopping" || this.#state === "stopped") return;
    this.#logger.error({ err: error }, "the runner failed");
    this.#reason = `the runner failed: ${error instanceof Error ? error.message : String(error)}`;
    this.#failed = true;
    await this.#reporter.runnerFailed(error);
    await this.stop();
    this.#setState("error");
  }

  // Every strategy failed: the bot is in error (it keeps its lease and heartbeat until stopped).
  async #strategyFailed(instance: StrategyInstance): Promise<void> {
    const all = this.#session?.deps.instances ?? [instance];
    if (all.every((i) => i.state === "error")) {
      this.#reason = `every strategy stopped on an error; last: ${instance.loaded.label}: ${this.#reporter.describeFailure(instance)}`;
      this.#setState("error");
    }
    await this.#reporter.strategyFailed(instance);
  }

  #onOutages(outages: readonly Outage[]): void {
    if (!["running", "paused", "warming"].includes(this.#state)) return;
    if (outages.length > 0) {
      // The reason first: the state line logs it.
      this.#reason = this.#reporter.pausedReason(outages);
      this.#setState("paused");
    } else {
      this.#reason = null;
      this.#setState("running");
    }
    void this.#reporter
      .writeStatuses(this.#state, this.#reason)
      .then(() => (outages.length === 0 ? this.#reporter.beat() : undefined));
    this.#emit();
  }

  #setState(state: RunnerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#logger.info({ state, reason: this.#reason }, "runner state");
    this.#emit();
  }

  #emit(): void {
    try {
      this.#deps.onStatus?.(this.status());
    } catch (error) {
      this.#logger.error({ err: error }, "an onStatus listener threw");
    }
  }
}
