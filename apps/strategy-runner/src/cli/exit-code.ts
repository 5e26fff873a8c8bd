import { TradekitError, ValidationError } from "@tradekit/domain";

/** Exit codes of tradekit-strategy-runner. */
export const EXIT = {
  /** Done (run: stopped by a signal). */
  ok: 0,
  /** Failed for a reason not listed below (a bug: run with --verbose and report it). */
  failed: 1,
  /** Bad input: arguments, configuration, an unknown bot, a param that fails validation. */
  badInput: 2,
  /** PostgreSQL, the candle store or Redis cannot be reached at start. */
  unavailable: 3,
  /** run: every strategy of the bot stopped on an error. */
  strategiesFailed: 4,
  /** run: another runner holds the bot. */
  botTaken: 5,
} as const;

const CODES: Readonly<Record<string, number>> = {
  CONFIG_INVALID: EXIT.badInput,
  NOT_FOUND: EXIT.badInput,
  DATABASE_UNAVAILABLE: EXIT.unavailable,
  CACHE_UNAVAILABLE: EXIT.unavailable,
  BOT_ALREADY_RUNNING: EXIT.botTaken,
};

/** The exit code of an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ValidationError) return EXIT.badInput;
  if (error instanceof TradekitError) return CODES[error.code] ?? EXIT.failed;
  return EXIT.failed;
}
