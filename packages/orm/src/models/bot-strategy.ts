/** Parameter values by name. */
export type StrategyParams = Readonly<Record<string, string | null>>;

/** A catalog strategy attached to a bot, with the values the bot overrides. */
export interface BotStrategy {
  readonly id: number;
  readonly botId: number;
  readonly strategyId: number;
  /** The catalog strategy's name. */
  readonly strategyName: string;
  /** The bot's own label for it. */
  readonly name: string | null;
  readonly active: boolean;
  readonly createdAt: Date;
  /** Only the values set on this bot strategy; `getParams` merges in the catalog defaults. */
  readonly params: StrategyParams;
}

/** What attaching a strategy to a bot takes. */
export interface BotStrategyInput {
  readonly botId: number;
  /** Catalog strategy id or name. */
  readonly strategy: number | string;
  readonly name?: string | null;
  readonly active?: boolean;
  /** Each name must be one the catalog strategy declares. */
  readonly params?: StrategyParams;
}

/** What can change on a bot strategy; `params` are merged into the existing ones (null value = catalog default). */
export interface BotStrategyChanges {
  readonly name?: string | null;
  readonly active?: boolean;
  readonly params?: StrategyParams;
}
