import { defineEntity, p } from "@mikro-orm/core";
import { CatalogExchangeEntity } from "./catalog-exchange.js";
import { money } from "./columns.js";

/** A tradable market of a catalog exchange, with the precision rules orders must respect. */
export const SymbolEntity = defineEntity({
  name: "Symbol",
  tableName: "symbols",
  uniques: [{ properties: ["catalogExchange", "symbol"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    catalogExchange: () => p.manyToOne(CatalogExchangeEntity).deleteRule("cascade"),
    symbol: p.string(),
    baseCurrency: p.string(),
    quoteCurrency: p.string(),
    pricePrecision: p.integer(),
    volumePrecision: p.integer(),
    tickSize: money(),
    minLot: money(),
    active: p.boolean().default(true),
  },
});
