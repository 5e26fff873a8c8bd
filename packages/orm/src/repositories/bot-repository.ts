import { DuplicateError, NotFoundError } from "@tradekit/domain";
import { BotEntity, BotLogEntity } from "../entities/index.js";
import { mapErrors } from "../errors.js";
import { toBotStrategy, toCatalogStrategy, toFeed } from "../mapping/catalog-mapping.js";
import { toBot, toBotLog } from "../mapping/owner-mapping.js";
import type { Bot, BotChanges, BotInput } from "../models/bot.js";
import type { ActiveBotSummary, BotDetails } from "../models/bot-details.js";
import type { BotLog } from "../models/bot-log.js";
import {
  booleanOr,
  jsonParam,
  limitOf,
  optionalId,
  optionalText,
  requireDate,
  requireId,
  requireSeverity,
  requireText,
} from "../models/input-checks.js";
import { SEVERITIES, type Severity } from "../models/severity.js";
import { activeBotSummary } from "./active-bot-summary.js";
import type { RepositoryContext } from "./repository-context.js";
import { effectiveParams } from "./strategy-repository.js";

const LONG_TEXT = 100_000;

/** Bots, their logs, their full details and the active-bots overview. */
export class BotRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Adds a bot (inactive, dry-run by default); DuplicateError when the user has one by that name. */
  async add(input: BotInput): Promise<Bot> {
    const userId = requireId("userId", input.userId);
    const name = requireText("name", input.name);
    const now = new Date();
    // ON CONFLICT keeps the caller's transaction usable after a duplicate.
    const row = await mapErrors(() =>
      this.ctx.db
        .insertInto("Bot")
        .values({
          user: userId,
          account: optionalId("accountId", input.accountId),
          name,
          description: optionalText("description", input.description, LONG_TEXT),
          active: booleanOr("active", input.active, false),
          dryRun: booleanOr("dryRun", input.dryRun, true),
          createdAt: now,
          updatedAt: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst(),
    );
    if (!row) throw new DuplicateError(`bot of user ${userId}`, name);
    return toBot(this.ctx.em.map(BotEntity, row as never, { mapped: true }));
  }

  /** Changes a bot; NotFoundError, DuplicateError (name taken). */
  async edit(id: number, changes: BotChanges): Promise<Bot> {
    const row = await this.#row(id);
    const name = changes.name === undefined ? row.name : requireText("name", changes.name);
    this.ctx.em.assign(row, {
      account: changes.accountId === undefined ? (row.account?.id ?? null) : optionalId("accountId", changes.accountId),
      name,
      description:
        changes.description === undefined
          ? (row.description ?? null)
          : optionalText("description", changes.description, LONG_TEXT),
      active: booleanOr("active", changes.active, row.active),
      dryRun: booleanOr("dryRun", changes.dryRun, row.dryRun),
      updatedAt: new Date(),
    });
    await mapErrors(() => this.ctx.em.flush(), { entity: `bot of user ${row.user.id}`, key: name });
    return toBot(row);
  }

  /** Deletes a bot with its strategies, feeds, logs and runs; NotFoundError. */
  async delete(id: number): Promise<void> {
    const count = await this.ctx.em.nativeDelete(BotEntity, { id: requireId("id", id) });
    if (count === 0) throw NotFoundError.of("bot", id);
  }

  /** The bot with `id`; NotFoundError. */
  async getById(id: number): Promise<Bot> {
    return toBot(await this.#row(id));
  }

  /** The bots of user `userId`, by name. */
  async getByUser(userId: number): Promise<Bot[]> {
    const rows = await this.ctx.em.find(
      BotEntity,
      { user: requireId("userId", userId) },
      { orderBy: { name: "asc" }, refresh: true },
    );
    return rows.map(toBot);
  }

  /** Appends a line to a bot's log; NotFoundError when the bot does not exist. */
  async appendLog(botId: number, level: Severity, message: string, details?: Record<string, unknown> | null): Promise<BotLog> {
    const bot = await this.#row(botId);
    const json = jsonParam("details", details);
    const row = this.ctx.em.create(BotLogEntity, {
      bot,
      time: new Date(),
      level: requireSeverity("level", level),
      message: requireText("message", message, LONG_TEXT),
      details: json === null ? null : (JSON.parse(json) as Record<string, unknown>),
    });
    await this.ctx.em.flush();
    return toBotLog(row);
  }

  /** A bot's log lines, newest first (default 100); optionally since a time and at least a level. */
  async getLogs(botId: number, options: { limit?: number; since?: Date; minLevel?: Severity } = {}): Promise<BotLog[]> {
    const levels =
      options.minLevel === undefined
        ? undefined
        : SEVERITIES.slice(SEVERITIES.indexOf(requireSeverity("minLevel", options.minLevel)));
    const rows = await this.ctx.em.find(
      BotLogEntity,
      {
        bot: requireId("botId", botId),
        ...(options.since === undefined ? {} : { time: { $gte: requireDate("since", options.since) } }),
        ...(levels === undefined ? {} : { level: { $in: levels } }),
      },
      { orderBy: { time: "desc", id: "desc" }, limit: limitOf(options.limit), refresh: true },
    );
    return rows.map(toBotLog);
  }

  /** A bot with its strategies, their effective params and feeds; NotFoundError. */
  async getDetails(id: number): Promise<BotDetails> {
    const row = await this.ctx.em.findOne(BotEntity, requireId("id", id), {
      populate: ["strategies.strategy.params", "strategies.params", "strategies.feeds.symbol.catalogExchange"],
      refresh: true,
    });
    if (!row) throw NotFoundError.of("bot", id);
    const strategies = [...row.strategies.getItems()].sort((a, b) => a.id - b.id);
    return Object.freeze({
      bot: toBot(row),
      strategies: Object.freeze(
        strategies.map((s) => {
          const strategy = toBotStrategy(s);
          const feeds = [...s.feeds.getItems()].sort((a, b) => a.order - b.order).map(toFeed);
          return Object.freeze({
            ...strategy,
            effectiveParams: effectiveParams(toCatalogStrategy(s.strategy), strategy),
            feeds: Object.freeze(feeds),
          });
        }),
      ),
    });
  }

  /** Every active bot with its owner, account, exchange, counts and running run, by name. */
  getActiveSummary(): Promise<ActiveBotSummary[]> {
    return activeBotSummary(this.ctx.db);
  }

  async #row(id: number) {
    const row = await this.ctx.em.findOne(BotEntity, requireId("id", id), { refresh: true });
    if (!row) throw NotFoundError.of("bot", id);
    return row;
  }
}
