import { ConfigError, TradekitError, ValidationError } from "@tradekit/domain";

/** Exit codes of `tradekit`. */
export const EXIT = {
  /** Done; every consistency check of the report passed. */
  ok: 0,
  /** Failed for a reason not listed below (run with --verbose and report it). */
  failed: 1,
  /** Bad input: arguments, configuration, a candle file with a bad row, an unknown bot, a bad param. */
  badInput: 2,
  /** PostgreSQL, the candle store or Redis could not be reached (or stayed away too long). */
  unavailable: 3,
  /** The run ended but its strategy failed, or a report check found the stored data inconsistent. */
  runFailed: 4,
} as const;

const CODES: Readonly<Record<string, number>> = {
  CONFIG_INVALID: EXIT.badInput,
  NOT_FOUND: EXIT.badInput,
  DATABASE_UNAVAILABLE: EXIT.unavailable,
  CACHE_UNAVAILABLE: EXIT.unavailable,
  SERVER_UNREACHABLE: EXIT.unavailable,
  DATABASE_MISSING: EXIT.badInput,
  IMPORT_REJECTED: EXIT.badInput,
};

/** The exit code of an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ValidationError || error instanceof ConfigError) return EXIT.badInput;
  if (error instanceof TradekitError) return CODES[error.code] ?? EXIT.failed;
  return EXIT.failed;
}
