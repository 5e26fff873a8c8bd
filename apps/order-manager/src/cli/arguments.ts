import { ConfigError, TradekitError, ValidationError } from "@tradekit/domain";

/** `text` as a whole number > 0, or a ValidationError naming the option and the value. */
export function positiveInt(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw ValidationError.invalid(`--${option}`, text, "a whole number > 0");
  return n;
}

// Errors the user fixes by changing the command or the configuration: exit 2, like a usage error.
const BAD_INPUT_CODES = new Set(["CONFIG_INVALID", "NOT_FOUND", "NO_DATABASE_URL", "NO_BOT", "NO_VENUE"]);

/** The exit code for an error a command threw: 2 bad input (arguments, configuration, an unknown bot), 1 otherwise. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ValidationError || error instanceof ConfigError) return 2;
  if (error instanceof TradekitError && BAD_INPUT_CODES.has(error.code)) return 2;
  return 1;
}
