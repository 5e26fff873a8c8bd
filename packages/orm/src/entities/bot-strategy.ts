import { defineEntity, p } from "@mikro-orm/core";
import { BotEntity } from "./bot.js";
import { CatalogStrategyEntity } from "./catalog-strategy.js";
import { createdAt } from "./columns.js";
import { FeedEntity } from "./feed.js";

/** A catalog strategy attached to a bot. */
export const BotStrategyEntity = defineEntity({
  name: "BotStrategy",
  tableName: "bot_strategies",
  properties: {
    id: p.integer().primary().autoincrement(),
    bot: () => p.manyToOne(BotEntity).deleteRule("cascade").index(),
    strategy: () => p.manyToOne(CatalogStrategyEntity).index(),
    name: p.string().nullable(),
    active: p.boolean().default(true),
    createdAt: createdAt(),
    params: () => p.oneToMany(BotStrategyParamEntity).mappedBy("botStrategy"),
    feeds: () => p.oneToMany(FeedEntity).mappedBy("botStrategy"),
  },
});

/** A parameter value of a bot strategy (overrides the catalog default). */
export const BotStrategyParamEntity = defineEntity({
  name: "BotStrategyParam",
  tableName: "bot_strategy_params",
  uniques: [{ properties: ["botStrategy", "name"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    botStrategy: () => p.manyToOne(BotStrategyEntity).deleteRule("cascade"),
    name: p.string(),
    value: p.text().nullable(),
  },
});
