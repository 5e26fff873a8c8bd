import { defineEntity, p } from "@mikro-orm/core";
import { BotEntity } from "./bot.js";
import { CatalogExchangeEntity } from "./catalog-exchange.js";
import { money } from "./columns.js";
import { ExchangeAccountEntity } from "./exchange-account.js";
import { OrderEntity } from "./order.js";
import { tradeResultColumns } from "./trade-result-columns.js";
import { UserEntity } from "./user.js";

/**
 * A live fill (domain Trade). One stream per (account, symbol); within it fills are ordered by
 * (time, id). `order` and `bot` are filled from the order with the same venue order id, when known.
 */
export const TradeEntity = defineEntity({
  name: "Trade",
  tableName: "trades",
  uniques: [{ properties: ["account", "exTradeId"] }],
  indexes: [
    { properties: ["account", "symbol", "time"] },
    { properties: ["account", "exOrderId"] },
    { properties: ["bot", "time"] },
    { properties: ["time"] },
  ],
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    account: () => p.manyToOne(ExchangeAccountEntity).deleteRule("cascade"),
    user: () => p.manyToOne(UserEntity).nullable().deleteRule("set null").index(),
    catalogExchange: () => p.manyToOne(CatalogExchangeEntity).nullable().deleteRule("set null").index(),
    order: () => p.manyToOne(OrderEntity).nullable().deleteRule("set null").index(),
    bot: () => p.manyToOne(BotEntity).nullable().deleteRule("set null"),
    exTradeId: p.string(),
    exOrderId: p.string().nullable(),
    symbol: p.string(),
    orderType: p.string().nullable(),
    side: p.enum(["buy", "sell"] as const),
    volume: money(),
    price: money(),
    cost: money(),
    fee: money(),
    feeCurrency: p.string().nullable(),
    leverage: money(),
    time: p.datetime(),
    ...tradeResultColumns(),
  },
});
