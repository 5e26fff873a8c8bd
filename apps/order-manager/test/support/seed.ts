import { type Database, DatabaseContext } from "@tradekit/orm";

/** Ids of the seeded user, paper account and bot. */
export interface Seeded {
  userId: number;
  accountId: number;
  botId: number;
}

/** Creates the catalog (paper exchange, BTC/USDT and ETH/USDT), a user, a paper account and a bot. */
export async function seed(database: Database, label = "om"): Promise<Seeded> {
  await using db = await DatabaseContext.open(database);
  const user = await db.users.create({ username: `user-${label}` });
  const paper = (await db.exchanges.findByName("paper")) ?? (await db.exchanges.install({ name: "paper" }));
  for (const symbol of ["BTC/USDT", "ETH/USDT"])
    if (!(await db.symbols.findBySymbol("paper", symbol)))
      await db.symbols.create({
        exchange: paper.id,
        symbol,
        baseCurrency: symbol.split("/")[0] as string,
        quoteCurrency: "USDT",
        pricePrecision: 2,
        volumePrecision: 6,
        tickSize: "0.01",
        minLot: "0.0001",
      });
  const account = await db.exchanges.addAccount({ userId: user.id, exchange: "paper", name: `paper-${label}` });
  const bot = await db.bots.add({ userId: user.id, accountId: account.id, name: `bot-${label}`, active: true, dryRun: false });
  await db.commit();
  return { userId: user.id, accountId: account.id, botId: bot.id };
}
