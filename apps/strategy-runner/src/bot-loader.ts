import { NotFoundError, type Order, Position, ValidationError } from "@tradekit/domain";
import type { Bot, BotStrategyDetails, DatabaseContext, ExchangeAccount, Feed, MarketSymbol } from "@tradekit/orm";
import type { StrategyDefinition } from "./strategy-definition.js";
import { parseStrategyParams } from "./strategy-params.js";
import type { StrategyRegistry } from "./strategy-registry.js";

/** Which bot: its id, or its name (with the owner's username when two users have a bot of that name). */
export interface BotRef {
  bot: number | string;
  user?: string;
}

/** A feed with its market's trading rules. */
export interface LoadedFeed {
  readonly feed: Feed;
  readonly market: MarketSymbol;
}

/** An active bot strategy ready to run: its definition, typed params and feeds. */
export interface LoadedStrategy {
  readonly details: BotStrategyDetails;
  // biome-ignore lint/suspicious/noExplicitAny: params are typed by the definition, checked at load
  readonly definition: StrategyDefinition<any>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly feeds: readonly LoadedFeed[];
  /** "bot demo-ma-cross (7), strategy ma-cross (bot strategy 3)": how messages name it. */
  readonly label: string;
}

/** A bot with everything a run needs, read in one database context. */
export interface LoadedBot {
  readonly bot: Bot;
  readonly account: ExchangeAccount | null;
  /** The exchange orders go to: the account's, or feed 0's for a dry-run bot without one. */
  readonly exchange: string;
  readonly strategies: readonly LoadedStrategy[];
  /** The bot's positions by trading symbol, rebuilt from its stored fills (dry trades for a dry-run bot). */
  readonly positions: ReadonlyMap<string, Position>;
  /** Orders of the bot the order manager has not finished (paper bots), to follow again. */
  readonly openOrders: readonly Order[];
}

/** Finds the bot of `ref`; NotFoundError, or ValidationError when a name is ambiguous. */
export async function resolveBot(db: DatabaseContext, ref: BotRef): Promise<Bot> {
  if (typeof ref.bot === "number") return db.bots.getById(ref.bot);
  if (ref.user !== undefined) {
    const user = await db.users.getByUsername(ref.user);
    const bot = (await db.bots.getByUser(user.id)).find((b) => b.name === ref.bot);
    if (!bot) throw NotFoundError.of(`bot of user ${ref.user}`, ref.bot);
    return bot;
  }
  const rows = await db.execute<{ id: string; username: string }>(
    "select b.id, u.username from bots b join users u on u.id = b.user_id where b.name = $1 order by b.id",
    [ref.bot],
  );
  if (rows.length === 0) throw NotFoundError.of("bot", ref.bot);
  if (rows.length > 1)
    throw ValidationError.invalid(
      "bot",
      ref.bot,
      `a name of one bot: users ${rows.map((r) => r.username).join(", ")} each have one; give the user`,
    );
  return db.bots.getById(Number(rows[0]?.id));
}

/**
 * Loads the bot of `ref` with its active strategies, their validated params, feeds and markets,
 * its positions and its unfinished orders. A param that fails validation is a ValidationError
 * naming the bot, the strategy and the param.
 */
export async function loadBot(db: DatabaseContext, ref: BotRef, registry: StrategyRegistry): Promise<LoadedBot> {
  const bot = await resolveBot(db, ref);
  const details = await db.bots.getDetails(bot.id);
  const active = details.strategies.filter((s) => s.active);
  const who = `bot ${bot.name} (${bot.id})`;
  if (active.length === 0)
    throw new ValidationError(`${who} has no active strategy; attach one (db.strategies.addBotStrategy) or activate one`, {
      field: "strategies",
    });
  const account = bot.accountId === null ? null : await db.exchanges.getAccount(bot.accountId);
  if (!bot.dryRun && account === null)
    throw new ValidationError(
      `${who} trades for real (dryRun false) but has no exchange account; assign one or make it dry-run`,
      {
        field: "accountId",
      },
    );
  const strategies: LoadedStrategy[] = [];
  for (const s of active) {
    const label = `${who}, strategy ${s.strategyName} (bot strategy ${s.id})`;
    const definition = registry.get(s.strategyName);
    const params = parseStrategyParams(definition.params, s.effectiveParams, label);
    try {
      definition.validate?.(params);
    } catch (error) {
      if (error instanceof ValidationError)
        throw new ValidationError(`${label}: ${error.message}`, {
          field: error.field,
          value: error.value,
          cause: error,
          code: error.code,
        });
      throw error;
    }
    if (s.feeds.length === 0)
      throw new ValidationError(`${label} has no feed; add one (db.feeds.add) with the symbol and timeframe it trades`, {
        field: "feeds",
      });
    const feeds: LoadedFeed[] = [];
    for (const feed of s.feeds) feeds.push({ feed, market: await db.symbols.getBySymbol(feed.exchange, feed.symbol) });
    strategies.push({ details: s, definition, params, feeds, label });
  }
  const exchange = account?.exchange ?? (strategies[0]?.feeds[0]?.feed.exchange as string);
  const positions = new Map<string, Position>();
  for (const symbol of new Set(strategies.map((s) => s.feeds[0]?.feed.symbol as string))) {
    const position = new Position({ symbol });
    const fills = bot.dryRun
      ? await db.dryTrades.getDryTrades(bot.id, symbol)
      : await db.trades.getTrades({ botId: bot.id, symbol, ...(account ? { exId: account.id } : {}) });
    for (const f of fills) position.addTrade({ volume: f.signedVolume, price: f.price, fee: f.fee });
    positions.set(symbol, position);
  }
  const openOrders = bot.dryRun ? [] : await db.orders.getOpenOrders({ botId: bot.id });
  return { bot, account, exchange, strategies, positions, openOrders };
}
