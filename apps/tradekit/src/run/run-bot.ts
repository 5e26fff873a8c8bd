import { DuplicateError, ValidationError } from "@tradekit/domain";
import { type Database, withDatabase } from "@tradekit/orm";
import { resolveBot } from "@tradekit/strategy-runner";

/** The market a run trades: feed 0 of the bot's first strategy. */
export interface RunMarket {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
}

/** The bot a run trades with: a fresh copy of a template bot on a fresh paper account. */
export interface RunBot {
  readonly botId: number;
  readonly name: string;
  readonly accountId: number;
  readonly userId: number;
  readonly templateId: number;
  readonly templateName: string;
  readonly market: RunMarket;
  /** Currencies of the traded symbol. */
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
}

/** What to copy and how to name the copy. */
export interface RunBotOptions {
  /** The template: a bot's id or name. */
  template: number | string;
  /** Its owner's username when two users have bots of that name. */
  user?: string;
  /** "run" (pnpm start) or "backtest": the copy is `<template>-<kind>-<n>`. */
  kind: "run" | "backtest";
  /** Trade this market instead of the template's first feed (a file of another symbol). */
  market?: RunMarket;
}

/** The market a bot trades: feed 0 of its first active strategy. */
export async function marketOfBot(database: Database, bot: number | string, user?: string): Promise<RunMarket> {
  return withDatabase(async (db) => {
    const found = await resolveBot(db, { bot, ...(user ? { user } : {}) });
    const details = await db.bots.getDetails(found.id);
    const feed = details.strategies.find((s) => s.active)?.feeds[0];
    if (!feed)
      throw new ValidationError(
        `bot ${found.name} (${found.id}) has no active strategy with a feed: nothing to replay; attach one first`,
      );
    return { exchange: feed.exchange, symbol: feed.symbol, timeframe: feed.timeframe.name };
  }, database);
}

/**
 * Copies a bot for one run: the same strategies with the same params and feeds, on a paper
 * account of its own, inactive (a standalone order manager picks up only active bots). Each run
 * needs its own: client order ids derive from the bot, so a second replay of the same candles on
 * the same bot would be the same orders again, and the paper wallet starts from its own fills.
 */
export async function createRunBot(database: Database, options: RunBotOptions, attempt = 1): Promise<RunBot> {
  return withDatabase(async (db) => {
    const template = await resolveBot(db, { bot: options.template, ...(options.user ? { user: options.user } : {}) });
    const details = await db.bots.getDetails(template.id);
    const strategies = details.strategies.filter((s) => s.active);
    const first = strategies[0]?.feeds[0];
    if (!first)
      throw new ValidationError(
        `bot ${template.name} (${template.id}) has no active strategy with a feed: nothing to replay; attach one first`,
      );
    const market = options.market ?? { exchange: first.exchange, symbol: first.symbol, timeframe: first.timeframe.name };
    if (market.exchange !== "paper")
      throw ValidationError.invalid("market.exchange", market.exchange, `"paper": runs and backtests trade on the paper venue`);
    const symbol = await db.symbols.getBySymbol("paper", market.symbol);
    const existing = new Set((await db.bots.getByUser(template.userId)).map((b) => b.name));
    const accounts = new Set((await db.exchanges.getAccountsByUser(template.userId)).map((a) => a.name));
    let n = 1;
    const stem = `${template.name}-${options.kind}-`;
    while (existing.has(`${stem}${n}`) || accounts.has(`${stem}${n}`)) n++;
    const name = `${stem}${n}`;
    const account = await db.exchanges.addAccount({ userId: template.userId, exchange: "paper", name });
    const bot = await db.bots.add({
      userId: template.userId,
      accountId: account.id,
      name,
      description: `${options.kind} ${n} of ${template.name} on paper ${market.symbol} ${market.timeframe}`,
      active: false,
      dryRun: false,
    });
    for (const [index, s] of strategies.entries()) {
      const copy = await db.strategies.addBotStrategy({
        botId: bot.id,
        strategy: s.strategyName,
        name: s.name,
        params: s.params,
      });
      for (const feed of s.feeds) {
        const replaced = index === 0 && feed.order === first.order && options.market !== undefined;
        const symbolId = replaced ? symbol.id : feed.symbolId;
        await db.feeds.add({
          botStrategyId: copy.id,
          symbolId,
          timeframe: replaced ? market.timeframe : feed.timeframe,
          order: feed.order,
        });
      }
    }
    return Object.freeze({
      botId: bot.id,
      name,
      accountId: account.id,
      userId: template.userId,
      templateId: template.id,
      templateName: template.name,
      market: Object.freeze({ ...market }),
      baseCurrency: symbol.baseCurrency,
      quoteCurrency: symbol.quoteCurrency,
    });
  }, database).catch((error: unknown) => {
    // Two runs started at once on one server may pick the same number: the second tries again.
    if (error instanceof DuplicateError && attempt < 5) return createRunBot(database, options, attempt + 1);
    throw error;
  });
}
