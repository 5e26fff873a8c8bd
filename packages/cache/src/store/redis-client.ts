import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import { authenticationFailed, isAuthError, redactUrl, toCacheError } from "./redis-errors.js";

export interface RedisClientOptions {
  url: string;
  /** Every command fails with CacheUnavailableError after this long. */
  commandTimeoutMs: number;
  logger: Logger;
}

/**
 * A connected ioredis client that fails fast: no offline queue (a command while disconnected
 * fails at once), one retry per command, a command timeout; it keeps reconnecting in the
 * background so the caches recover by themselves when Redis returns.
 */
export async function connectRedis(options: RedisClientOptions, overrides: Partial<RedisOptions> = {}): Promise<Redis> {
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.commandTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    autoResubscribe: true,
    retryStrategy: (times) => Math.min(50 * times, 500),
    ...overrides,
  });
  let connected = false;
  let reported = false;
  // ioredis reports a refused AUTH (or a command refused for lack of one) as an 'error' event and
  // then only "Connection is closed." to connect(): the real cause is kept for the message.
  let refusedAuth: Error | null = null;
  client.on("error", (error: Error) => {
    if (isAuthError(error)) refusedAuth = error;
    // Every failed reconnect lands here; callers get CacheUnavailableError from their commands.
    options.logger.debug({ err: error, url: redactUrl(options.url) }, "redis connection error");
  });
  client.on("reconnecting", () => {
    // One warning per outage of an established connection, however many reconnects fail.
    if (connected && !reported) options.logger.warn({ url: redactUrl(options.url) }, "redis connection lost; reconnecting");
    reported = connected;
  });
  client.on("ready", () => {
    if (reported) options.logger.info({ url: redactUrl(options.url) }, "redis connection restored");
    connected = true;
    reported = false;
  });
  // connectTimeout covers the TCP handshake only; a frozen server accepts the socket and then
  // never answers the ready check, so the whole connect gets a deadline of its own.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no ready answer within ${options.commandTimeoutMs} ms`)),
      options.commandTimeoutMs,
    );
  });
  try {
    await Promise.race([client.connect(), deadline]);
  } catch (error) {
    client.disconnect();
    const auth = isAuthError(error) ? (error as Error) : refusedAuth;
    if (auth !== null) throw authenticationFailed(auth, options.url);
    throw toCacheError(error, options.url, "the connection");
  } finally {
    clearTimeout(timer);
  }
  return client;
}
