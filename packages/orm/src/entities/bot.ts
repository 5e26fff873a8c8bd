import { defineEntity, p } from "@mikro-orm/core";
import { BotStrategyEntity } from "./bot-strategy.js";
import { createdAt } from "./columns.js";
import { ExchangeAccountEntity } from "./exchange-account.js";
import { UserEntity } from "./user.js";

/** A bot: a user's strategies trading on one exchange account (or paper trading). */
export const BotEntity = defineEntity({
  name: "Bot",
  tableName: "bots",
  uniques: [{ properties: ["user", "name"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(UserEntity).deleteRule("cascade"),
    account: () => p.manyToOne(ExchangeAccountEntity).nullable().deleteRule("set null").index(),
    name: p.string(),
    description: p.text().nullable(),
    active: p.boolean().default(false),
    dryRun: p.boolean().default(true),
    createdAt: createdAt(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    strategies: () => p.oneToMany(BotStrategyEntity).mappedBy("bot"),
  },
});
