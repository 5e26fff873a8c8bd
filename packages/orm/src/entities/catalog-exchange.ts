import { defineEntity, p } from "@mikro-orm/core";
import { createdAt } from "./columns.js";

/** An exchange tradekit knows how to talk to (installed once, shared by every user). */
export const CatalogExchangeEntity = defineEntity({
  name: "CatalogExchange",
  tableName: "catalog_exchanges",
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().unique(),
    description: p.text().nullable(),
    url: p.string().nullable(),
    createdAt: createdAt(),
    params: () => p.oneToMany(CatalogExchangeParamEntity).mappedBy("exchange"),
  },
});

/** A named setting of a catalog exchange (rate limits, endpoints, ...). */
export const CatalogExchangeParamEntity = defineEntity({
  name: "CatalogExchangeParam",
  tableName: "catalog_exchange_params",
  uniques: [{ properties: ["exchange", "name"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    exchange: () => p.manyToOne(CatalogExchangeEntity).deleteRule("cascade"),
    name: p.string(),
    value: p.text().nullable(),
    description: p.text().nullable(),
  },
});
