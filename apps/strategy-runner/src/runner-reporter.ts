import { type Database, withDatabase } from "@tradekit/orm";
import type { Logger } from "pino";
import { BOT_FIELD, BotAlreadyRunningError, type BotPresence, type BotState, feedField, REASON_FIELD } from "./bot-presence.js";
import type { CandleStore } from "./candle-store.js";
import { type DependencyGuard, describeOutages, type Outage, unavailableDependency } from "./dependency-guard.js";
import type { RunSession } from "./run-session.js";
import type { RunnerState, RunnerStatus } from "./runner-options.js";
import type { StrategyInstance } from "./strategy-instance.js";

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const toBotState = (state: RunnerState): BotState =>
  state === "idle" ? "starting" : state === "stopping" ? "running" : (state as BotState);

/**
 * What the runner tells the world: statuses and heartbeat in BotCache, system events and the
 * bot run's totals in the database. Monitoring writes never block the bot: one that fails
 * because Redis or PostgreSQL is down marks it down (the runner pauses) and is written again
 * when it is back; events about failures wait out an outage, so none is lost.
 */
export class RunnerReporter {
  botId: number | null = null;
  database: Database | undefined;
  #presence: BotPresence | null = null;
  #candles: CandleStore | null = null;
  #session: RunSession | null = null;

  constructor(
    readonly guard: DependencyGuard,
    readonly logger: Logger,
    readonly status: () => RunnerStatus,
    /** Called when another runner took the bot's lease: this one must stop. */
    readonly onLeaseLost: (error: unknown) => void,
  ) {}

  attach(parts: { botId: number; database: Database; presence: BotPresence; candles: CandleStore }): void {
    this.botId = parts.botId;
    this.database = parts.database;
    this.#presence = parts.presence;
    this.#candles = parts.candles;
  }

  attachSession(session: RunSession): void {
    this.#session = session;
  }

  /** Redis answers (a read of the heartbeat). */
  async probeRedis(): Promise<void> {
    await this.#presence?.bots.lastHeartbeat(this.botId ?? 0);
  }

  /** The candle store answers. */
  async probeCandles(): Promise<void> {
    const s = this.#session?.deps.series.values().next().value;
    if (s && this.#candles) await this.#candles.oldest(s.exchange, s.symbol, s.timeframe);
  }

  /** "onCandle threw: boom". */
  describeFailure(instance: StrategyInstance): string {
    return `${instance.failure?.handler} threw: ${errorText(instance.failure?.error)}`;
  }

  pausedReason(outages: readonly Outage[]): string {
    return describeOutages(outages);
  }

  /** Writes the bot's status word and reason, and each feed's (a failed strategy's feeds say `error`). */
  async writeStatuses(state: RunnerState, reason: string | null): Promise<void> {
    const presence = this.#presence;
    if (!presence) return;
    const word = toBotState(state);
    const fields: Record<string, string> = { [BOT_FIELD]: word, [REASON_FIELD]: reason ?? "" };
    for (const i of this.#session?.deps.instances ?? []) {
      for (const f of i.feeds)
        fields[feedField(i.botStrategyId, f.exchange, f.symbol, f.timeframe.name)] = i.state === "error" ? "error" : word;
    }
    await this.#monitoring("redis", () => presence.write(fields));
  }

  /** Heartbeat and lease renewal (skipped while something is down: the probes run then). */
  async beat(): Promise<void> {
    const presence = this.#presence;
    if (!presence || this.guard.isDown) return;
    await this.#monitoring("redis", () => presence.beat());
  }

  /** Writes the run's totals so far. */
  async saveTotals(runId: number | null): Promise<void> {
    const session = this.#session;
    if (runId === null || !session || this.guard.isDown) return;
    await this.#monitoring("postgres", () =>
      withDatabase((db) => db.botRuns.updateStatistics(runId, session.deps.totals.statistics()), this.database),
    );
  }

  /** Records the run's end with its totals (once; an outage at that moment is logged, not waited out). */
  async endRun(runId: number | null, status: string): Promise<void> {
    const session = this.#session;
    if (runId === null || !session) return;
    try {
      await withDatabase((db) => db.botRuns.stop(runId, status, session.deps.totals.statistics()), this.database);
    } catch (error) {
      this.logger.error({ err: error, runId }, "could not record the end of the bot run");
    }
  }

  /** Reports a strategy that threw: its feeds' status `error`, a system event with the stack, its cleanup. */
  async strategyFailed(instance: StrategyInstance): Promise<void> {
    const failure = instance.failure;
    const error = failure?.error;
    const message = `${instance.loaded.label} stopped: ${this.describeFailure(instance)}`;
    this.logger.error({ err: error, botStrategyId: instance.botStrategyId, handler: failure?.handler }, message);
    const status = this.status();
    await this.writeStatuses(status.state, status.reason);
    await this.#event(
      "strategy_error",
      message,
      {
        botId: this.botId,
        botStrategyId: instance.botStrategyId,
        strategy: instance.loaded.details.strategyName,
        handler: failure?.handler ?? null,
        error: errorText(error),
        stack: error instanceof Error ? (error.stack ?? null) : null,
      },
      instance.symbol,
    );
    await instance.cleanup();
  }

  /** The bot could not start: its status `error` with the reason, and a system event. */
  async failedToStart(error: unknown): Promise<void> {
    if (this.botId === null) return;
    await this.writeStatuses("error", errorText(error));
    await this.#bestEffortEvent("bot_start_failed", `bot ${this.botId} could not start: ${errorText(error)}`, error);
  }

  /** The runner itself failed (not an outage, not a strategy): a system event with the stack. */
  async runnerFailed(error: unknown): Promise<void> {
    await this.#bestEffortEvent("runner_error", `the runner of bot ${this.botId} failed: ${errorText(error)}`, error);
  }

  /** Gives the lease back (best effort: it expires by itself). */
  async release(): Promise<void> {
    try {
      await this.#presence?.release();
    } catch (error) {
      this.logger.warn({ err: error }, "could not release the bot's lease; it expires with its TTL");
    }
  }

  async #event(type: string, message: string, details: Record<string, unknown>, symbol: string | null = null): Promise<void> {
    await this.guard.run("postgres", () =>
      withDatabase((db) => db.events.logEvent(type, "error", message, details, symbol), this.database),
    );
  }

  async #bestEffortEvent(type: string, message: string, error: unknown): Promise<void> {
    try {
      await withDatabase(
        (db) =>
          db.events.logEvent(type, "error", message, {
            botId: this.botId,
            error: errorText(error),
            stack: error instanceof Error ? (error.stack ?? null) : null,
          }),
        this.database,
      );
    } catch (e) {
      this.logger.error({ err: e }, `could not record the ${type} event`);
    }
  }

  async #monitoring(dependency: "redis" | "postgres", write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const down = unavailableDependency(error, dependency);
      if (down) this.guard.markDown(down, error);
      else if (error instanceof BotAlreadyRunningError) this.onLeaseLost(error);
      else this.logger.error({ err: error }, `a ${dependency === "redis" ? "status" : "bot run"} write failed`);
    }
  }
}
