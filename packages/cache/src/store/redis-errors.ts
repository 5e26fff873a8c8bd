import { CacheUnavailableError, TradekitError } from "@tradekit/domain";

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparsable redis url>";
  }
}

/**
 * A Redis error as a tradekit error: a reply error (wrong type, bad script) is a bug and keeps
 * its message; anything else (refused, closed, timed out, offline) means Redis is unavailable.
 */
export function toCacheError(error: unknown, url: string, what: string): Error {
  // Our own errors and programming errors are not an outage: they keep their type.
  if (error instanceof TradekitError || error instanceof TypeError || error instanceof RangeError) return error;
  if (error instanceof Error && error.name === "ReplyError") {
    return new TradekitError("CACHE_COMMAND_FAILED", `Redis refused ${what}: ${error.message}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new CacheUnavailableError(
    `Redis at ${redactUrl(url)} did not answer ${what} (${reason}); check that it is running and reachable (REDIS_URL), ` +
      "or run without REDIS_URL to use the in-memory store",
    { cause: error },
  );
}

/** Whether Redis refused the client's credentials, or a command for want of them. */
export function isAuthError(error: unknown): boolean {
  return error instanceof Error && /^(WRONGPASS|NOAUTH)\b|invalid password|invalid username-password/i.test(error.message);
}

/** The CacheUnavailableError for credentials Redis refused: says so, the password masked. */
export function authenticationFailed(error: Error, url: string): CacheUnavailableError {
  return new CacheUnavailableError(
    `Redis at ${redactUrl(url)} refused the connection: authentication failed (${error.message}). ` +
      "Check the user name and password in REDIS_URL (redis://user:password@host:port).",
    { cause: error },
  );
}

/** Whether a reply error says the consumer group is missing (Redis restarted empty). */
export function isNoGroup(error: unknown): boolean {
  return error instanceof Error && /NOGROUP/.test(error.message);
}
