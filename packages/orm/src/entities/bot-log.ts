import { defineEntity, p } from "@mikro-orm/core";
import { BotEntity } from "./bot.js";

/** A line of a bot's log. */
export const BotLogEntity = defineEntity({
  name: "BotLog",
  tableName: "bot_logs",
  indexes: [{ properties: ["bot", "time"] }],
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    bot: () => p.manyToOne(BotEntity).deleteRule("cascade"),
    time: p.datetime().onCreate(() => new Date()),
    level: p.string(),
    message: p.text(),
    details: p.json<Record<string, unknown>>().nullable(),
  },
});
