import { BotEntity, CatalogExchangeEntity, ExchangeAccountEntity, UserEntity } from "../src/entities/index.js";
import { withDatabase } from "../src/index.js";

/** Ids of a user with one exchange account and one bot on it. */
export interface Owner {
  uid: number;
  catExId: number;
  exId: number;
  botId: number;
}

/** Creates (and commits) a user, a catalog exchange, an account and a bot, all named after `label`. */
export function createOwner(label: string): Promise<Owner> {
  return withDatabase(async (db) => {
    const user = db.em.create(UserEntity, { username: `user-${label}` });
    const exchange = db.em.create(CatalogExchangeEntity, { name: `exchange-${label}` });
    const account = db.em.create(ExchangeAccountEntity, { user, catalogExchange: exchange, name: `account-${label}` });
    const bot = db.em.create(BotEntity, { user, account, name: `bot-${label}` });
    await db.em.flush();
    return { uid: user.id, catExId: exchange.id, exId: account.id, botId: bot.id };
  });
}
