/** Where every timestamp the order manager writes comes from: the wall clock live, a replay clock in a backtest. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });
