import { DuplicateError, type Timeframe } from "@tradekit/domain";
import { type CatalogStrategyInput, type Database, withDatabase } from "@tradekit/orm";
import { STRATEGY_CATALOG } from "../../src/index.js";

/** A market of the test catalog. */
export interface TestMarket {
  exchange: string;
  symbol: string;
  base: string;
  quote: string;
  tickSize: string;
  pricePrecision: number;
  volumePrecision: number;
  minLot: string;
}

/** BTC/USDT on the paper exchange, as setup seeds it. */
export const PAPER_BTC: TestMarket = {
  exchange: "paper",
  symbol: "BTC/USDT",
  base: "BTC",
  quote: "USDT",
  tickSize: "0.01",
  pricePrecision: 2,
  volumePrecision: 6,
  minLot: "0.000001",
};

/** freqtrade's UNITTEST/BTC (prices around 0.0016 BTC). */
export const UNITTEST_BTC: TestMarket = {
  exchange: "paper",
  symbol: "UNITTEST/BTC",
  base: "UNITTEST",
  quote: "BTC",
  tickSize: "0.00000001",
  pricePrecision: 8,
  volumePrecision: 2,
  minLot: "1",
};

/** One strategy of a test bot with its feeds. */
export interface TestStrategy {
  strategy: string;
  params?: Record<string, string>;
  feeds?: { market?: TestMarket; timeframe?: Timeframe | string }[];
}

export interface SeededBot {
  userId: number;
  accountId: number;
  botId: number;
  botName: string;
  botStrategyIds: number[];
}

/** Installs a catalog (the runner's and any extra test strategies), skipping what is already installed. */
export async function installCatalog(database: Database, extra: readonly CatalogStrategyInput[] = []): Promise<void> {
  for (const entry of [...STRATEGY_CATALOG, ...extra]) {
    try {
      await withDatabase((db) => db.strategies.install(entry), database);
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
    }
  }
}

async function ensure<T>(create: () => Promise<T>, find: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof DuplicateError) return find();
    throw error;
  }
}

/** A user, the paper exchange and its markets, an account, and a bot with its strategies and feeds, committed. */
export async function seedBot(
  database: Database,
  options: { name: string; dryRun: boolean; market?: TestMarket; strategies: TestStrategy[]; account?: string },
): Promise<SeededBot> {
  const market = options.market ?? PAPER_BTC;
  const accountName = options.account ?? `${market.exchange}-account`;
  return withDatabase(async (db) => {
    const user = await ensure(
      () => db.users.create({ username: "tester" }),
      () => db.users.getByUsername("tester"),
    );
    const markets = new Set<TestMarket>([
      market,
      ...options.strategies.flatMap((s) => (s.feeds ?? []).map((f) => f.market ?? market)),
    ]);
    for (const m of markets) {
      await ensure(
        () => db.exchanges.install({ name: m.exchange }),
        async () => (await db.exchanges.findByName(m.exchange)) as never,
      );
      await ensure(
        () =>
          db.symbols.create({
            exchange: m.exchange,
            symbol: m.symbol,
            baseCurrency: m.base,
            quoteCurrency: m.quote,
            pricePrecision: m.pricePrecision,
            volumePrecision: m.volumePrecision,
            tickSize: m.tickSize,
            minLot: m.minLot,
          }),
        () => db.symbols.getBySymbol(m.exchange, m.symbol),
      );
    }
    const account = await ensure(
      () => db.exchanges.addAccount({ userId: user.id, exchange: market.exchange, name: accountName }),
      () => db.exchanges.getAccountByName(user.id, accountName),
    );
    const bot = await db.bots.add({
      userId: user.id,
      accountId: account.id,
      name: options.name,
      dryRun: options.dryRun,
      active: true,
    });
    const botStrategyIds: number[] = [];
    for (const s of options.strategies) {
      const bs = await db.strategies.addBotStrategy({ botId: bot.id, strategy: s.strategy, params: s.params ?? {} });
      botStrategyIds.push(bs.id);
      for (const f of s.feeds ?? [{}]) {
        const m = f.market ?? market;
        const symbol = await db.symbols.getBySymbol(m.exchange, m.symbol);
        await db.feeds.add({ botStrategyId: bs.id, symbolId: symbol.id, timeframe: f.timeframe ?? "1m" });
      }
    }
    return { userId: user.id, accountId: account.id, botId: bot.id, botName: bot.name, botStrategyIds };
  }, database);
}
