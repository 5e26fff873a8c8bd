import { defineEntity, p } from "@mikro-orm/core";
import { BotEntity } from "./bot.js";
import { money } from "./columns.js";

/** One run of a bot, from start to stop, with its running statistics. */
export const BotRunEntity = defineEntity({
  name: "BotRun",
  tableName: "bot_runs",
  indexes: [{ properties: ["bot", "startedAt"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    bot: () => p.manyToOne(BotEntity).deleteRule("cascade"),
    startedAt: p.datetime().onCreate(() => new Date()),
    endedAt: p.datetime().nullable(),
    status: p.string(),
    totalTrades: p.integer().default(0),
    totalPnl: money().default("0"),
    maxDrawdown: money().default("0"),
  },
});
