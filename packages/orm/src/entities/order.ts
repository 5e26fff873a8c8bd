import { defineEntity, p } from "@mikro-orm/core";
import { BotEntity } from "./bot.js";
import { CatalogExchangeEntity } from "./catalog-exchange.js";
import { money } from "./columns.js";
import { ExchangeAccountEntity } from "./exchange-account.js";
import { UserEntity } from "./user.js";

const ORDER_TYPES = ["market", "limit", "stop", "stop_limit"] as const;
const SIDES = ["buy", "sell"] as const;

/** An order as the order manager tracks it (domain Order). */
export const OrderEntity = defineEntity({
  name: "Order",
  tableName: "orders",
  indexes: [
    { properties: ["bot", "status"] },
    { properties: ["bot", "createdAt"] },
    { properties: ["user", "status"] },
    { properties: ["account", "status"] },
    { properties: ["account", "exOrderId"] },
    { properties: ["createdAt"] },
  ],
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    bot: () => p.manyToOne(BotEntity).nullable().deleteRule("set null"),
    user: () => p.manyToOne(UserEntity).nullable().deleteRule("set null"),
    account: () => p.manyToOne(ExchangeAccountEntity).nullable().deleteRule("set null"),
    catalogExchange: () => p.manyToOne(CatalogExchangeEntity).nullable().deleteRule("set null").index(),
    exchange: p.string(),
    symbol: p.string(),
    orderType: p.enum(ORDER_TYPES),
    side: p.enum(SIDES),
    volume: money(),
    finalVolume: money().nullable(),
    price: money().nullable(),
    plimit: money().nullable(),
    tick: money().nullable(),
    futures: p.boolean().default(false),
    leverage: money().default("1"),
    status: p.string(),
    command: p.string().nullable(),
    reason: p.text().nullable(),
    exOrderId: p.string().nullable(),
    clientOrderId: p.string().unique(),
    stopLoss: money().nullable(),
    takeProfit: money().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
