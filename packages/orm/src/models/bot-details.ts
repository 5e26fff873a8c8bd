import type { Bot } from "./bot.js";
import type { BotStrategy, StrategyParams } from "./bot-strategy.js";
import type { Feed } from "./feed.js";

/** A bot strategy with everything a bot process needs to start it. */
export interface BotStrategyDetails extends BotStrategy {
  /** Catalog defaults with the bot's values on top. */
  readonly effectiveParams: StrategyParams;
  /** In feed order. */
  readonly feeds: readonly Feed[];
}

/** A bot with its strategies, their parameters and feeds. */
export interface BotDetails {
  readonly bot: Bot;
  readonly strategies: readonly BotStrategyDetails[];
}

/** One line of the active-bots overview. */
export interface ActiveBotSummary {
  readonly botId: number;
  readonly name: string;
  readonly userId: number;
  readonly username: string;
  readonly accountId: number | null;
  readonly accountName: string | null;
  /** The account's catalog exchange name; null without an account. */
  readonly exchange: string | null;
  readonly dryRun: boolean;
  readonly strategyCount: number;
  readonly feedCount: number;
  /** Start of the run that has not ended; null when none is running. */
  readonly runningSince: Date | null;
}
