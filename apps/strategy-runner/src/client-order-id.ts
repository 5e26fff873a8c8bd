import { createHash } from "node:crypto";
import { ValidationError } from "@tradekit/domain";

/** What makes an order request unique: the bot, the strategy's signal and the signal's time. */
export interface ClientOrderIdParts {
  botId: number;
  /** The bot strategy that signalled (two strategies of one bot may use the same signal name). */
  botStrategyId: number;
  /** The strategy's name for the reason it trades ("entry", "exit", "stop-loss", ...). */
  signal: string;
  /** The data time the signal was taken on (a candle's close, a tick's exchange time). */
  time: Date;
  /** The n-th request with the same signal in one handler call (0 for the first). */
  sequence?: number;
}

/**
 * The client order id of a request: `tk<botId>-` and 24 hex digits of a SHA-256 of the parts.
 * The same signal on the same data (a retry, a restart, a replay) gives the same id, which the
 * order manager and the venue deduplicate on; 30-odd characters of [a-z0-9-], which venues accept.
 */
export function clientOrderIdFor(parts: ClientOrderIdParts): string {
  if (typeof parts.signal !== "string" || parts.signal.trim() === "")
    throw ValidationError.invalid("signal", parts.signal, 'a non-empty signal name such as "entry"');
  const time = parts.time.getTime();
  if (!Number.isFinite(time)) throw ValidationError.invalid("time", parts.time, "a valid signal time");
  const key = `${parts.botId}|${parts.botStrategyId}|${parts.signal}|${time}|${parts.sequence ?? 0}`;
  return `tk${parts.botId}-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}
