interface Job {
  key: string | null;
  run: () => Promise<void>;
  done: PromiseWithResolvers<void>;
}

/**
 * The runner's one line of work: ticks, candles and order syncs are handled one at a time, in
 * arrival order, so a strategy never sees two events at once. A job queued under a key replaces
 * a queued, not yet started job of the same key (the newest tick of a symbol is the one that
 * matters when ticks come faster than the strategy handles them); both callers see it finish.
 * Before each job the loop waits at the gate, which is closed while the runner is paused.
 */
export class EventLoop {
  readonly #queue: Job[] = [];
  readonly #byKey = new Map<string, Job>();
  #running = false;
  #gate: () => Promise<void>;
  #idle: PromiseWithResolvers<void> | null = null;

  constructor(gate: () => Promise<void>) {
    this.#gate = gate;
  }

  /** Queues `run`; resolves when it has run (rejects with its error). */
  enqueue(run: () => Promise<void>, key: string | null = null): Promise<void> {
    if (key !== null) {
      const queued = this.#byKey.get(key);
      if (queued) {
        queued.run = run;
        return queued.done.promise;
      }
    }
    const job: Job = { key, run, done: Promise.withResolvers<void>() };
    this.#queue.push(job);
    if (key !== null) this.#byKey.set(key, job);
    if (!this.#running) void this.#drain();
    return job.done.promise;
  }

  /** Jobs queued and not started. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    this.#idle ??= Promise.withResolvers<void>();
    return this.#idle.promise;
  }

  /** Fails every queued job with `error` (the runner stopped). */
  clear(error: Error): void {
    for (const job of this.#queue.splice(0)) job.done.reject(error);
    this.#byKey.clear();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      for (;;) {
        const job = this.#queue[0];
        if (!job) break;
        try {
          await this.#gate();
        } catch (error) {
          this.clear(error instanceof Error ? error : new Error(String(error)));
          break;
        }
        // clear() may have emptied the queue while the gate was closed.
        if (this.#queue[0] !== job) continue;
        this.#queue.shift();
        if (job.key !== null && this.#byKey.get(job.key) === job) this.#byKey.delete(job.key);
        try {
          await job.run();
          job.done.resolve();
        } catch (error) {
          job.done.reject(error);
        }
      }
    } finally {
      this.#running = false;
      const idle = this.#idle;
      this.#idle = null;
      idle?.resolve();
    }
  }
}
