import type { Severity } from "./severity.js";

/** A line of a bot's log. */
export interface BotLog {
  readonly id: number;
  readonly botId: number;
  readonly time: Date;
  readonly level: Severity;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>> | null;
}
