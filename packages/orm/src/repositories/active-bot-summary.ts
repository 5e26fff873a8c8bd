import type { ActiveBotSummary } from "../models/bot-details.js";
import type { TradekitKysely } from "../typed-kysely.js";
import { timestampOf } from "./pg-timestamp.js";

/**
 * Every active bot with its owner, account, exchange, strategy and feed counts and the start of
 * its running run, by name: one query with correlated counts (the EntityManager would load every
 * strategy and feed to count them).
 */
export async function activeBotSummary(db: TradekitKysely): Promise<ActiveBotSummary[]> {
  const rows = await db
    .selectFrom("Bot as b")
    .innerJoin("User as u", "u.id", "b.user")
    .leftJoin("ExchangeAccount as a", "a.id", "b.account")
    .leftJoin("CatalogExchange as e", "e.id", "a.catalogExchange")
    .select((eb) => [
      "b.id",
      "b.name",
      "b.user",
      "u.username",
      "b.account",
      "a.name as accountName",
      "e.name as exchange",
      "b.dryRun",
      eb
        .selectFrom("BotStrategy as s")
        .select((c) => c.fn.countAll<string>().as("n"))
        .whereRef("s.bot", "=", "b.id")
        .as("strategyCount"),
      eb
        .selectFrom("Feed as f")
        .innerJoin("BotStrategy as s", "s.id", "f.botStrategy")
        .select((c) => c.fn.countAll<string>().as("n"))
        .whereRef("s.bot", "=", "b.id")
        .as("feedCount"),
      eb
        .selectFrom("BotRun as r")
        .select((c) => c.fn.max("r.startedAt").as("since"))
        .whereRef("r.bot", "=", "b.id")
        .where("r.endedAt", "is", null)
        .as("runningSince"),
    ])
    .where("b.active", "=", true)
    .orderBy("b.name")
    .orderBy("b.id")
    .execute();
  return rows.map((r) =>
    Object.freeze({
      botId: r.id,
      name: r.name,
      userId: r.user,
      username: r.username,
      accountId: r.account ?? null,
      accountName: r.accountName ?? null,
      exchange: r.exchange ?? null,
      dryRun: r.dryRun,
      strategyCount: Number(r.strategyCount),
      feedCount: Number(r.feedCount),
      runningSince: timestampOf(r.runningSince),
    }),
  );
}
