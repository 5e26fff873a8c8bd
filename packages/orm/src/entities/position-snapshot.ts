import { defineEntity, p } from "@mikro-orm/core";
import { BotEntity } from "./bot.js";
import { money } from "./columns.js";
import { ExchangeAccountEntity } from "./exchange-account.js";

/**
 * A saved Position (its open lots and totals) so a restarted order manager or a reconciliation
 * run picks up where the last one stopped. At most one open snapshot per (account, symbol).
 */
export const PositionSnapshotEntity = defineEntity({
  name: "PositionSnapshot",
  tableName: "position_snapshots",
  indexes: [{ properties: ["account", "symbol", "isOpen"] }],
  uniques: [{ name: "position_snapshots_one_open", properties: ["account", "symbol"], where: { isOpen: true } }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(ExchangeAccountEntity).deleteRule("cascade"),
    bot: () => p.manyToOne(BotEntity).nullable().deleteRule("set null").index(),
    symbol: p.string(),
    method: p.enum(["fifo", "average"] as const),
    volume: money(),
    avgPrice: money(),
    realizedPnl: money(),
    openCost: money(),
    closedCost: money(),
    state: p.json<Record<string, unknown>>(),
    isOpen: p.boolean(),
    openedAt: p.datetime(),
    updatedAt: p.datetime(),
    closedAt: p.datetime().nullable(),
    finalPnl: money().nullable(),
    // Optimistic lock: every write of the snapshot bumps it; a write based on an older read fails.
    version: p.integer().version(),
  },
});
