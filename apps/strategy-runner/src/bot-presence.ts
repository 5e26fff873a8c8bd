import type { BotCache } from "@tradekit/cache";
import { TradekitError } from "@tradekit/domain";

/** The bot's status words in BotCache (field `bot`, and one field per feed). */
export type BotState = "starting" | "warming" | "running" | "paused" | "error" | "stopped";

/** The BotCache field of the whole bot's status; `bot:reason` holds the words for people. */
export const BOT_FIELD = "bot";
export const REASON_FIELD = "bot:reason";

/** The BotCache field of one feed of one bot strategy: `feed:<botStrategyId>:<exchange>:<symbol>:<timeframe>`. */
export function feedField(botStrategyId: number, exchange: string, symbol: string, timeframe: string): string {
  return `feed:${botStrategyId}:${exchange}:${symbol}:${timeframe}`;
}

/** Another runner holds the bot. */
export class BotAlreadyRunningError extends TradekitError {
  constructor(botId: number, owner: string, ttlMs: number) {
    super(
      "BOT_ALREADY_RUNNING",
      `bot ${botId} is already run by ${owner} (its lease expires in ${Math.ceil(ttlMs / 1000)} s unless renewed); stop that runner first`,
      { details: { botId, owner } },
    );
  }
}

/**
 * The bot's presence in BotCache: a lease (one runner per bot, on Redis and on the in-memory store
 * alike: an owner and a TTL, renewed with the heartbeat, released only by its owner), the
 * heartbeat, and the status words. The lease is an exchange block of BotCache under the name
 * `bot-runner:<botId>`, which has exactly those semantics.
 */
export class BotPresence {
  readonly #leaseName: string;

  constructor(
    readonly bots: BotCache,
    readonly botId: number,
    readonly owner: string,
    readonly ttlSeconds: number,
  ) {
    this.#leaseName = `bot-runner:${botId}`;
  }

  /** Takes the lease; BotAlreadyRunningError when another runner holds it. */
  async acquire(): Promise<void> {
    if (await this.bots.tryBlockExchange(this.#leaseName, this.owner, this.ttlSeconds * 1000)) return;
    const holder = await this.bots.getExchangeBlock(this.#leaseName);
    if (holder?.owner === this.owner) return;
    if (holder === null) return this.acquire();
    throw new BotAlreadyRunningError(this.botId, holder.owner, holder.ttlMs);
  }

  /** Beats and renews the lease; takes it again when it was lost (an emptied Redis), unless another runner took it. */
  async beat(): Promise<void> {
    if (!(await this.bots.extendExchangeBlock(this.#leaseName, this.owner, this.ttlSeconds * 1000))) await this.acquire();
    await this.bots.heartbeat(this.botId, this.ttlSeconds);
  }

  /** Writes status words (`{ field: status }`). */
  write(statuses: Readonly<Record<string, string>>): Promise<void> {
    return this.bots.updateBot(this.botId, statuses);
  }

  /** Gives the lease back. */
  async release(): Promise<void> {
    await this.bots.releaseExchangeBlock(this.#leaseName, this.owner);
  }
}
