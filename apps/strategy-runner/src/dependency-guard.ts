import { CacheUnavailableError, DatabaseUnavailableError, TradekitError } from "@tradekit/domain";
import { mapDatabaseError } from "@tradekit/orm";
import type { Logger } from "pino";

/** What the runner depends on: Redis (the caches), the trading database, the candle store. */
export type Dependency = "redis" | "postgres" | "ohlcv";

const NAMES: Readonly<Record<Dependency, string>> = { redis: "Redis", postgres: "PostgreSQL", ohlcv: "the candle store" };

/** A dependency that is down, since when and why. */
export interface Outage {
  readonly dependency: Dependency;
  readonly since: Date;
  readonly message: string;
}

/** The error of an operation of a runner that has stopped. */
export class RunnerStoppedError extends TradekitError {
  constructor(message = "the strategy runner stopped") {
    super("RUNNER_STOPPED", message);
  }
}

/** Which dependency an error says is unavailable (a CacheUnavailableError is Redis whatever the operation); null when it is another error. */
export function unavailableDependency(error: unknown, operationOn: Dependency): Dependency | null {
  if (error instanceof CacheUnavailableError) return "redis";
  if (error instanceof DatabaseUnavailableError) return operationOn === "redis" ? "postgres" : operationOn;
  if (operationOn !== "redis" && mapDatabaseError(error) instanceof DatabaseUnavailableError) return operationOn;
  return null;
}

/** Human words for the outages: "paused: Redis unavailable (...)". */
export function describeOutages(outages: readonly Outage[]): string {
  return `paused: ${outages.map((o) => `${NAMES[o.dependency]} unavailable (${o.message})`).join("; ")}`;
}

/**
 * Tracks which dependencies are down. An operation run through `run` that fails because one is
 * down marks it down and waits until every dependency answers again, then tries again; a probe
 * per dependency runs every `retryMs` meanwhile. `onChange` hears every change of the outages.
 */
export class DependencyGuard {
  readonly #down = new Map<Dependency, Outage>();
  readonly #probes: Readonly<Record<Dependency, () => Promise<unknown>>>;
  #waiters = Promise.withResolvers<void>();
  #timer: NodeJS.Timeout | null = null;
  #probing = false;
  #stopped: RunnerStoppedError | null = null;

  constructor(
    probes: Readonly<Record<Dependency, () => Promise<unknown>>>,
    readonly retryMs: number,
    readonly onChange: (outages: readonly Outage[]) => void,
    readonly logger: Logger,
  ) {
    this.#probes = probes;
    this.#waiters.resolve();
  }

  get outages(): Outage[] {
    return [...this.#down.values()];
  }

  get isDown(): boolean {
    return this.#down.size > 0;
  }

  /** Resolves when nothing is down (at once when nothing is); rejects once the runner stopped. */
  whenUp(): Promise<void> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return this.#waiters.promise;
  }

  /** Runs `fn` until it succeeds, waiting out outages of the dependency it uses; other errors are thrown. */
  async run<T>(dependency: Dependency, fn: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.whenUp();
      try {
        return await fn();
      } catch (error) {
        const down = unavailableDependency(error, dependency);
        if (down === null) throw error;
        this.markDown(down, error);
      }
    }
  }

  /** Records that `dependency` is down (an operation outside `run` failed on it). */
  markDown(dependency: Dependency, error: unknown): void {
    if (this.#stopped) return;
    if (!this.#down.has(dependency)) {
      const message = error instanceof Error ? error.message : String(error);
      this.#down.set(dependency, { dependency, since: new Date(), message });
      if (this.#down.size === 1) this.#waiters = Promise.withResolvers<void>();
      this.logger.warn({ dependency, err: error }, `${NAMES[dependency]} unavailable: the bot pauses until it is back`);
      this.onChange(this.outages);
    }
    this.#timer ??= setInterval(() => void this.#probe(), this.retryMs);
  }

  /** Stops probing and fails every waiting operation with RunnerStoppedError. */
  stop(): void {
    this.#stopped = new RunnerStoppedError();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#waiters.reject(this.#stopped);
    // Nobody may be waiting: the rejection is delivered to whoever asks next.
    this.#waiters.promise.catch(() => undefined);
  }

  async #probe(): Promise<void> {
    if (this.#probing || this.#stopped) return;
    this.#probing = true;
    try {
      for (const dependency of [...this.#down.keys()]) {
        try {
          await this.#probes[dependency]();
          this.#down.delete(dependency);
          this.logger.info({ dependency }, `${NAMES[dependency]} is back`);
          this.onChange(this.outages);
        } catch (error) {
          // Still down: the next probe tries again. An error that is not an outage is a bug to see.
          if (unavailableDependency(error, dependency) === null) this.logger.error({ dependency, err: error }, "probe failed");
        }
      }
      if (this.#down.size === 0 && !this.#stopped) {
        if (this.#timer) clearInterval(this.#timer);
        this.#timer = null;
        this.#waiters.resolve();
      }
    } finally {
      this.#probing = false;
    }
  }
}
