import { defineEntity, p } from "@mikro-orm/core";
import { BotEntity } from "./bot.js";
import { CatalogExchangeEntity } from "./catalog-exchange.js";
import { money } from "./columns.js";
import { ExchangeAccountEntity } from "./exchange-account.js";
import { tradeResultColumns } from "./trade-result-columns.js";
import { UserEntity } from "./user.js";

/** A paper fill of a bot in dry-run mode (domain DryTrade). */
export const DryTradeEntity = defineEntity({
  name: "DryTrade",
  tableName: "dry_trades",
  indexes: [{ properties: ["bot", "symbol", "time"] }],
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    bot: () => p.manyToOne(BotEntity).deleteRule("cascade"),
    account: () => p.manyToOne(ExchangeAccountEntity).nullable().deleteRule("set null").index(),
    user: () => p.manyToOne(UserEntity).nullable().deleteRule("set null").index(),
    catalogExchange: () => p.manyToOne(CatalogExchangeEntity).nullable().deleteRule("set null").index(),
    exTradeId: p.string().nullable(),
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
    reason: p.text().nullable(),
    closingTrade: p.boolean().default(false),
    ...tradeResultColumns(),
  },
});
