import { defineEntity, p } from "@mikro-orm/core";
import { BotStrategyEntity } from "./bot-strategy.js";
import { SymbolEntity } from "./symbol.js";

/** A candle feed of a bot strategy: symbol and timeframe (period + compression), in order. */
export const FeedEntity = defineEntity({
  name: "Feed",
  tableName: "feeds",
  uniques: [{ properties: ["botStrategy", "order"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    botStrategy: () => p.manyToOne(BotStrategyEntity).deleteRule("cascade"),
    symbol: () => p.manyToOne(SymbolEntity).index(),
    period: p.enum(["minutes", "hours", "days", "weeks"] as const),
    compression: p.integer(),
    // "order" is an SQL keyword; the column says what it is.
    order: p.integer().fieldName("feed_order"),
  },
});
