import { setTimeout as sleep } from "node:timers/promises";
import { CacheUnavailableError, DatabaseUnavailableError } from "@tradekit/domain";
import { mapDatabaseError } from "@tradekit/orm";
import type { Logger } from "pino";

/** True for an error that means Redis or PostgreSQL is away (wait and try again), not a bug. */
export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof CacheUnavailableError ||
    error instanceof DatabaseUnavailableError ||
    mapDatabaseError(error) instanceof DatabaseUnavailableError
  );
}

/** How long to wait out an outage, and who hears about it. */
export interface RetryPolicy {
  readonly logger: Logger;
  /** Between attempts (default 500 ms). */
  readonly retryMs?: number;
  /** Give up after this long without an answer (default 10 minutes). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Told when an outage starts (true) and ends (false). */
  readonly onOutage?: (down: boolean, what: string, error: unknown) => void;
}

/**
 * What says that `what` is paused on an outage (down, with the error) and working again (not
 * down): a warning naming Redis or PostgreSQL, then a line with how long it was down.
 */
export function outageNotice(what: string, policy: RetryPolicy): (down: boolean, error: unknown) => void {
  let since = 0;
  return (down, error) => {
    if (down) {
      since = Date.now();
      policy.logger.warn(
        { what, err: error instanceof Error ? error.message : String(error) },
        `${what}: ${error instanceof CacheUnavailableError ? "Redis" : "PostgreSQL"} unavailable; pausing until it is back`,
      );
    } else policy.logger.info({ what, downMs: Date.now() - since }, `${what}: working again; resuming`);
    policy.onOutage?.(down, what, error);
  };
}

/**
 * Runs `work` until it succeeds, waiting out outages (an unavailable Redis or PostgreSQL) and
 * rethrowing anything else at once. Safe only for work that may be repeated: a drain of the order
 * manager, a ticker handed to the paper venue again.
 */
export async function untilAvailable<T>(what: string, work: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const notice = outageNotice(what, policy);
  let since: number | null = null;
  for (;;) {
    try {
      const value = await work();
      if (since !== null) notice(false, null);
      return value;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      if (since === null) {
        since = Date.now();
        notice(true, error);
      }
      if (Date.now() - since > (policy.timeoutMs ?? 600_000)) throw error;
      await sleep(policy.retryMs ?? 500, undefined, policy.signal ? { signal: policy.signal } : undefined);
    }
  }
}
