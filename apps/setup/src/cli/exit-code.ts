import { TradekitError, ValidationError } from "@tradekit/domain";

/** Exit codes of tradekit-setup. */
export const EXIT = {
  /** Done; every check passed. */
  ok: 0,
  /** A verify/health check failed, or an operation failed on the server. */
  failed: 1,
  /** Bad input (arguments, configuration, files) or a server that cannot be reached. */
  badInput: 2,
} as const;

// Errors the user fixes by changing the command, the configuration, a file or the server's state.
const BAD_INPUT_CODES = new Set([
  "CONFIG_INVALID",
  "DATABASE_UNAVAILABLE",
  "CACHE_UNAVAILABLE",
  "TIMESCALE_UNAVAILABLE",
  "DATA_DIR_LOCKED",
  "PORT_IN_USE",
  "START_FAILED",
]);

/** The exit code for an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ValidationError) return EXIT.badInput;
  const code = error instanceof TradekitError || error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === "string" && BAD_INPUT_CODES.has(code)) return EXIT.badInput;
  return EXIT.failed;
}
