import { defineEntity, p } from "@mikro-orm/core";
import { ExchangeAccountEntity } from "./exchange-account.js";

/** A difference found between the venue and the database, until someone resolves it. */
export const ReconciliationEntryEntity = defineEntity({
  name: "ReconciliationEntry",
  tableName: "reconciliation_log",
  indexes: [{ properties: ["resolved", "time"] }],
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    time: p.datetime().onCreate(() => new Date()),
    account: () => p.manyToOne(ExchangeAccountEntity).nullable().deleteRule("cascade").index(),
    symbol: p.string().nullable(),
    issueType: p.string(),
    severity: p.string(),
    description: p.text(),
    expected: p.json<unknown>().nullable(),
    actual: p.json<unknown>().nullable(),
    resolved: p.boolean().default(false),
    resolvedAt: p.datetime().nullable(),
    resolution: p.text().nullable(),
  },
});
