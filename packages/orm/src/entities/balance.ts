import { defineEntity, p } from "@mikro-orm/core";
import { money } from "./columns.js";
import { ExchangeAccountEntity } from "./exchange-account.js";

/** The current balance of one currency on one account. */
export const BalanceEntity = defineEntity({
  name: "Balance",
  tableName: "balances",
  uniques: [{ properties: ["account", "currency"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(ExchangeAccountEntity).deleteRule("cascade"),
    currency: p.string(),
    free: money(),
    locked: money(),
    total: money(),
    updatedAt: p.datetime(),
  },
});

/** Every balance value ever upserted, for history charts and audits. */
export const BalanceHistoryEntity = defineEntity({
  name: "BalanceHistory",
  tableName: "balance_history",
  indexes: [{ properties: ["account", "currency", "time"] }],
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    account: () => p.manyToOne(ExchangeAccountEntity).deleteRule("cascade"),
    currency: p.string(),
    free: money(),
    locked: money(),
    total: money(),
    time: p.datetime(),
  },
});
