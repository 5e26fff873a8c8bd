import { defineEntity, p } from "@mikro-orm/core";
import { createdAt } from "./columns.js";

/** A strategy implementation bots can run (installed once). */
export const CatalogStrategyEntity = defineEntity({
  name: "CatalogStrategy",
  tableName: "catalog_strategies",
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().unique(),
    module: p.string().nullable(),
    description: p.text().nullable(),
    createdAt: createdAt(),
    params: () => p.oneToMany(CatalogStrategyParamEntity).mappedBy("strategy"),
  },
});

/** A parameter a catalog strategy declares, with its default. */
export const CatalogStrategyParamEntity = defineEntity({
  name: "CatalogStrategyParam",
  tableName: "catalog_strategy_params",
  uniques: [{ properties: ["strategy", "name"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    strategy: () => p.manyToOne(CatalogStrategyEntity).deleteRule("cascade"),
    name: p.string(),
    defaultValue: p.text().nullable(),
    description: p.text().nullable(),
  },
});
