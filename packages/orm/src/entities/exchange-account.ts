import { defineEntity, p } from "@mikro-orm/core";
import { CatalogExchangeEntity } from "./catalog-exchange.js";
import { createdAt, secret } from "./columns.js";
import { UserEntity } from "./user.js";

/**
 * A user's account at a catalog exchange. Its id is the `exId` of orders, trades, balances and
 * positions. API key and secret are stored AES-256-GCM encrypted and hidden from serialization.
 */
export const ExchangeAccountEntity = defineEntity({
  name: "ExchangeAccount",
  tableName: "exchange_accounts",
  uniques: [{ properties: ["user", "name"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(UserEntity).deleteRule("cascade"),
    catalogExchange: () => p.manyToOne(CatalogExchangeEntity).index(),
    name: p.string(),
    apiKey: secret().nullable(),
    apiSecret: secret().nullable(),
    apiPassphrase: secret().nullable(),
    testnet: p.boolean().default(false),
    active: p.boolean().default(true),
    createdAt: createdAt(),
  },
});
