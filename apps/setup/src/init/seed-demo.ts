import type { DatabaseContext } from "@tradekit/orm";

/** The demo's names (DESIGN seams): what `init --demo` creates. */
export const DEMO_NAMES = {
  username: "demo",
  exchange: "paper",
  accountName: "paper",
  botName: "demo-ma-cross",
  strategy: "ma-cross",
  symbol: "BTC/USDT",
  timeframe: "1m",
} as const;

/**
 * The demo bot's ma-cross params: hour and three-hour EMAs on its 1m candles. The catalog's
 * 10/30 crosses every twenty minutes or so on 1m data, which is mostly fees; these trade a few
 * times a day, so a few weeks of candles make a report worth reading (and replay quickly).
 */
export const DEMO_PARAMS = { fastPeriod: "60", slowPeriod: "180" } as const;

/** The ids of what the demo consists of, for the main job and scripts. */
export interface DemoIds {
  readonly userId: number;
  readonly exchangeAccountId: number;
  readonly botId: number;
  readonly botStrategyId: number;
  readonly feedIds: readonly number[];
  readonly symbolId: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
}

/**
 * Creates what of the demo is missing: user `demo`, its `paper` exchange account, the active,
 * not dry-run bot `demo-ma-cross` on it with the `ma-cross` strategy (DEMO_PARAMS over the catalog defaults) and a 1m
 * feed on paper BTC/USDT. What exists is left as it is (a user may have changed it).
 */
export async function seedDemo(db: DatabaseContext): Promise<{ ids: DemoIds; created: string[] }> {
  const created: string[] = [];
  let user = await db.users.findByUsername(DEMO_NAMES.username);
  if (!user) {
    user = await db.users.create({ username: DEMO_NAMES.username });
    created.push(`user ${DEMO_NAMES.username}`);
  }
  let account = (await db.exchanges.getAccountsByUser(user.id)).find((a) => a.name === DEMO_NAMES.accountName);
  if (!account) {
    account = await db.exchanges.addAccount({ userId: user.id, exchange: DEMO_NAMES.exchange, name: DEMO_NAMES.accountName });
    created.push(`exchange account ${DEMO_NAMES.accountName}`);
  }
  let bot = (await db.bots.getByUser(user.id)).find((b) => b.name === DEMO_NAMES.botName);
  if (!bot) {
    bot = await db.bots.add({
      userId: user.id,
      accountId: account.id,
      name: DEMO_NAMES.botName,
      description: "The demo: the moving-average cross on paper BTC/USDT, 1m candles",
      active: true,
      dryRun: false,
    });
    created.push(`bot ${DEMO_NAMES.botName}`);
  }
  let strategy = (await db.strategies.getBotStrategies(bot.id)).find((s) => s.strategyName === DEMO_NAMES.strategy);
  if (!strategy) {
    strategy = await db.strategies.addBotStrategy({
      botId: bot.id,
      strategy: DEMO_NAMES.strategy,
      name: DEMO_NAMES.strategy,
      params: DEMO_PARAMS,
    });
    created.push(`bot strategy ${DEMO_NAMES.strategy}`);
  }
  const symbol = await db.symbols.getBySymbol(DEMO_NAMES.exchange, DEMO_NAMES.symbol);
  const feeds = await db.feeds.getByBotStrategy(strategy.id);
  let feed = feeds.find((f) => f.symbolId === symbol.id && f.timeframe.name === DEMO_NAMES.timeframe);
  if (!feed) {
    feed = await db.feeds.add({ botStrategyId: strategy.id, symbolId: symbol.id, timeframe: DEMO_NAMES.timeframe });
    created.push(`feed ${DEMO_NAMES.exchange} ${DEMO_NAMES.symbol} ${DEMO_NAMES.timeframe}`);
  }
  return {
    ids: Object.freeze({
      userId: user.id,
      exchangeAccountId: account.id,
      botId: bot.id,
      botStrategyId: strategy.id,
      feedIds: Object.freeze([feed.id]),
      symbolId: symbol.id,
      exchange: DEMO_NAMES.exchange,
      symbol: DEMO_NAMES.symbol,
      timeframe: DEMO_NAMES.timeframe,
    }),
    created,
  };
}
