import { TradekitError, ValidationError } from "@tradekit/domain";

/**
 * A write based on a row that another transaction changed since it was read (the optimistic
 * version check failed). Nothing was written: read the row again, reapply the change, retry.
 */
export class ConcurrentUpdateError extends TradekitError {
  constructor(
    readonly entity: string,
    readonly key: unknown,
    options: { cause?: unknown; expectedVersion?: number } = {},
  ) {
    super(
      "CONCURRENT_UPDATE",
      `${entity} ${JSON.stringify(key)} was changed by another transaction since it was read` +
        `${options.expectedVersion === undefined ? "" : ` (at version ${options.expectedVersion})`}; ` +
        "nothing was written: read it again, reapply the change and retry (or read it with { lock: true })",
      { cause: options.cause, details: { entity, key, expectedVersion: options.expectedVersion } },
    );
  }
}

/**
 * A fill stream (one account and symbol) keeps the position method it started with; a write
 * asking for another one is refused. Change it explicitly with `db.trades.changeStreamMethod`.
 */
export class StreamMethodConflict extends ValidationError {
  constructor(
    readonly exId: number,
    readonly symbol: string,
    readonly streamMethod: string,
    requested: string,
  ) {
    super(
      `the fills of ${symbol} on account ${exId} are accounted with method "${streamMethod}", not "${requested}"; ` +
        `leave the method out to use the stream's, or change it with db.trades.changeStreamMethod(${exId}, ${JSON.stringify(symbol)}, "${requested}"), which recomputes the stream`,
      { field: "method", value: requested, code: "STREAM_METHOD_CONFLICT" },
    );
  }
}
