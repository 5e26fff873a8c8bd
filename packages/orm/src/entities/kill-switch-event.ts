import { defineEntity, p } from "@mikro-orm/core";
import { BotEntity } from "./bot.js";
import { ExchangeAccountEntity } from "./exchange-account.js";

/** The kill switch was engaged or released; the latest row is the current state. */
export const KillSwitchEventEntity = defineEntity({
  name: "KillSwitchEvent",
  tableName: "kill_switch_events",
  indexes: [{ properties: ["time"] }],
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    time: p.datetime().onCreate(() => new Date()),
    active: p.boolean(),
    reason: p.text(),
    triggeredBy: p.string(),
    account: () => p.manyToOne(ExchangeAccountEntity).nullable().deleteRule("cascade").index(),
    bot: () => p.manyToOne(BotEntity).nullable().deleteRule("cascade").index(),
    details: p.json<Record<string, unknown>>().nullable(),
  },
});
