/** The earliest time a whole-series read covers: before any market data, and an ISO year of four digits. */
export const MIN_TIME = Date.UTC(1900, 0, 1);
/** The latest time a whole-series read covers. */
export const MAX_TIME = Date.UTC(9000, 0, 1);
