import { defineEntity, p } from "@mikro-orm/core";
import { TradeEntity } from "./trade.js";

/** Something operators should know about (risk refusals, disconnects, kill switch, ...). */
export const SystemEventEntity = defineEntity({
  name: "SystemEvent",
  tableName: "system_events",
  indexes: [{ properties: ["time"] }, { properties: ["severity", "time"] }],
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    time: p.datetime().onCreate(() => new Date()),
    type: p.string(),
    severity: p.enum(["debug", "info", "warning", "error", "critical"] as const),
    message: p.text(),
    details: p.json<Record<string, unknown>>().nullable(),
    symbol: p.string().nullable(),
    trade: () => p.manyToOne(TradeEntity).nullable().deleteRule("set null").index(),
  },
});
