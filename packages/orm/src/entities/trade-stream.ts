import { defineEntity, p } from "@mikro-orm/core";
import { ExchangeAccountEntity } from "./exchange-account.js";

/**
 * Where the fills of one (account, symbol) stream stand: the Position state after its last fill
 * (time, id). saveTrades continues from it when new fills come after that point, instead of
 * replaying the stream from its last flat point (which, for a position never flat, is the start).
 */
export const TradeStreamEntity = defineEntity({
  name: "TradeStream",
  tableName: "trade_streams",
  uniques: [{ properties: ["account", "symbol"] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(ExchangeAccountEntity).deleteRule("cascade"),
    symbol: p.string(),
    method: p.enum(["fifo", "average"] as const),
    lastTime: p.datetime(),
    lastTradeId: p.bigint("number"),
    state: p.json<Record<string, unknown>>(),
    updatedAt: p.datetime(),
  },
});
