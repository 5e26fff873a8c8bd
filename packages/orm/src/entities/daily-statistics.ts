import { defineEntity, p } from "@mikro-orm/core";
import { money } from "./columns.js";
import { ExchangeAccountEntity } from "./exchange-account.js";

/** One account's trading day (UTC): PnL, fees and activity counts for daily limits. */
export const DailyStatisticsEntity = defineEntity({
  name: "DailyStatistics",
  tableName: "daily_statistics",
  uniques: [{ properties: ["account", "day"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(ExchangeAccountEntity).deleteRule("cascade"),
    day: p.date(),
    realizedPnl: money().default("0"),
    fees: money().default("0"),
    orderCount: p.integer().default(0),
    tradeCount: p.integer().default(0),
    updatedAt: p.datetime(),
  },
});
