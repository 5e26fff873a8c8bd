import { toUtcDate, ValidationError } from "@tradekit/domain";

/** Where the runner (and the order manager) read the time: the system clock live, a replay's clock in a backtest. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/**
 * A clock that moves only when told to: a replay sets it to each data point's time before handing
 * the data point on, so every timestamp the runner and the order manager write is the data's.
 * It never goes back, so a replay fed out of order fails loudly instead of writing time travel.
 */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date | number | string) {
    this.#ms = toUtcDate(start, "start").getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  /** Moves the clock to `time`; a time before the current one is a ValidationError. */
  set(time: Date | number | string): void {
    const ms = toUtcDate(time, "time").getTime();
    if (ms < this.#ms)
      throw ValidationError.invalid(
        "time",
        new Date(ms),
        `not before the clock's current time ${new Date(this.#ms).toISOString()}`,
      );
    this.#ms = ms;
  }

  /** Moves the clock forward by `ms` milliseconds (>= 0). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw ValidationError.invalid("ms", ms, "a number of milliseconds >= 0");
    this.#ms += ms;
  }
}
