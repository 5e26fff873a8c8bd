import { DuplicateError, NotFoundError } from "@tradekit/domain";
import { mapErrors } from "../errors.js";
import type { Bot, BotChanges, BotInput } from "../models/bot.js";
import type { ActiveBotSummary, BotDetails } from "../models/bot-details.js";
import type { BotLog } from "../models/bot-log.js";
import {
  booleanOr,
  jsonParam,
  limitOf,
  optionalId,
  optionalText,
  recordOrNull,
  requireDate,
  requireId,
  requireSeverity,
  requireText,
} from "../models/input-checks.js";
import { SEVERITIES, type Severity } from "../models/severity.js";
import { FEED_QUERY, toFeed } from "./feed-repository.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, dateOrNull, idOf, idOrNull, textOrNull } from "./row-values.js";
import { effectiveParams, StrategyRepository } from "./strategy-repository.js";

const COLUMNS = "id, user_id, account_id, name, description, active, dry_run, created_at, updated_at";

const toBot = (r: Record<string, unknown>): Bot =>
  Object.freeze({
    id: idOf(r.id),
    userId: idOf(r.user_id),
    accountId: idOrNull(r.account_id),
    name: String(r.name),
    description: textOrNull(r.description),
    active: Boolean(r.active),
    dryRun: Boolean(r.dry_run),
    createdAt: dateOf(r.created_at),
    updatedAt: dateOf(r.updated_at),
  });

const toLog = (r: Record<string, unknown>): BotLog =>
  Object.freeze({
    id: idOf(r.id),
    botId: idOf(r.bot_id),
    time: dateOf(r.time),
    level: r.level as Severity,
    message: String(r.message),
    details: recordOrNull(r.details),
  });

/** Bots, their logs, their full details and the active-bots overview. */
export class BotRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Adds a bot (inactive, dry-run by default); DuplicateError when the user has one by that name. */
  async add(input: BotInput): Promise<Bot> {
    const userId = requireId("userId", input.userId);
    const name = requireText("name", input.name);
    const rows = await mapErrors(() =>
      this.ctx.sql.execute(
        `insert into bots (user_id, account_id, name, description, active, dry_run, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, now(), now()) on conflict do nothing returning ${COLUMNS}`,
        [
          userId,
          optionalId("accountId", input.accountId),
          name,
          optionalText("description", input.description, 100_000),
          booleanOr("active", input.active, false),
          booleanOr("dryRun", input.dryRun, true),
        ],
      ),
    );
    if (!rows[0]) throw new DuplicateError(`bot of user ${userId}`, name);
    return toBot(rows[0]);
  }

  /** Changes a bot; NotFoundError, DuplicateError (name taken). */
  async edit(id: number, changes: BotChanges): Promise<Bot> {
    const current = await this.getById(id);
    const name = changes.name === undefined ? current.name : requireText("name", changes.name);
    const rows = await mapErrors(
      () =>
        this.ctx.sql.execute(
          `update bots set account_id = $2, name = $3, description = $4, active = $5, dry_run = $6, updated_at = now()
           where id = $1 returning ${COLUMNS}`,
          [
            id,
            changes.accountId === undefined ? current.accountId : optionalId("accountId", changes.accountId),
            name,
            changes.description === undefined ? current.description : optionalText("description", changes.description, 100_000),
            booleanOr("active", changes.active, current.active),
            booleanOr("dryRun", changes.dryRun, current.dryRun),
          ],
        ),
      { entity: `bot of user ${current.userId}`, key: name },
    );
    return toBot(rows[0] as Record<string, unknown>);
  }

  /** Deletes a bot with its strategies, feeds, logs and runs; NotFoundError. */
  async delete(id: number): Promise<void> {
    const count = await this.ctx.sql.run("delete from bots where id = $1", [requireId("id", id)]);
    if (count === 0) throw NotFoundError.of("bot", id);
  }

  /** The bot with `id`; NotFoundError. */
  async getById(id: number): Promise<Bot> {
    const rows = await this.ctx.sql.execute(`select ${COLUMNS} from bots where id = $1`, [requireId("id", id)]);
    if (!rows[0]) throw NotFoundError.of("bot", id);
    return toBot(rows[0]);
  }

  /** The bots of user `userId`, by name. */
  async getByUser(userId: number): Promise<Bot[]> {
    const rows = await this.ctx.sql.execute(`select ${COLUMNS} from bots where user_id = $1 order by name`, [
      requireId("userId", userId),
    ]);
    return rows.map(toBot);
  }

  /** Appends a line to a bot's log; NotFoundError when the bot does not exist. */
  async appendLog(botId: number, level: Severity, message: string, details?: Record<string, unknown> | null): Promise<BotLog> {
    await this.getById(botId);
    const rows = await this.ctx.sql.execute(
      "insert into bot_logs (bot_id, time, level, message, details) values ($1, now(), $2, $3, $4::jsonb) returning id, bot_id, time, level, message, details",
      [botId, requireSeverity("level", level), requireText("message", message, 100_000), jsonParam("details", details)],
    );
    return toLog(rows[0] as Record<string, unknown>);
  }

  /** A bot's log lines, newest first (default 100); optionally since a time and at least a level. */
  async getLogs(botId: number, options: { limit?: number; since?: Date; minLevel?: Severity } = {}): Promise<BotLog[]> {
    const params: unknown[] = [requireId("botId", botId)];
    let where = "bot_id = $1";
    if (options.since !== undefined) {
      params.push(requireDate("since", options.since));
      where += ` and time >= $${params.length}`;
    }
    if (options.minLevel !== undefined) {
      params.push(atLeast(requireSeverity("minLevel", options.minLevel)));
      where += ` and level = any($${params.length}::text[])`;
    }
    const rows = await this.ctx.sql.execute(
      `select id, bot_id, time, level, message, details from bot_logs where ${where} order by time desc, id desc limit ${limitOf(options.limit)}`,
      params,
    );
    return rows.map(toLog);
  }

  /** A bot with its strategies, their effective params and feeds; NotFoundError. */
  async getDetails(id: number): Promise<BotDetails> {
    const bot = await this.getById(id);
    const strategiesRepo = new StrategyRepository(this.ctx);
    const strategies = await strategiesRepo.getBotStrategies(id);
    const feeds = (
      await this.ctx.sql.execute(
        `select ${FEED_QUERY.select} from ${FEED_QUERY.from} join bot_strategies b on b.id = f.bot_strategy_id
         where b.bot_id = $1 order by f.feed_order`,
        [id],
      )
    ).map(toFeed);
    const details = [];
    for (const s of strategies) {
      const catalog = await strategiesRepo.getCatalogStrategy(s.strategyId);
      details.push(
        Object.freeze({
          ...s,
          effectiveParams: effectiveParams(catalog, s),
          feeds: Object.freeze(feeds.filter((f) => f.botStrategyId === s.id)),
        }),
      );
    }
    return Object.freeze({ bot, strategies: Object.freeze(details) });
  }

  /** Every active bot with its owner, account, exchange, counts and running run, by name. */
  async getActiveSummary(): Promise<ActiveBotSummary[]> {
    const rows = await this.ctx.sql.execute(
      `select b.id, b.name, b.user_id, u.username, b.account_id, a.name as account_name, e.name as exchange, b.dry_run,
         (select count(*)::int from bot_strategies s where s.bot_id = b.id) as strategy_count,
         (select count(*)::int from feeds f join bot_strategies s on s.id = f.bot_strategy_id where s.bot_id = b.id) as feed_count,
         (select max(r.started_at) from bot_runs r where r.bot_id = b.id and r.ended_at is null) as running_since
       from bots b join users u on u.id = b.user_id
         left join exchange_accounts a on a.id = b.account_id left join catalog_exchanges e on e.id = a.catalog_exchange_id
       where b.active order by b.name, b.id`,
    );
    return rows.map((r) =>
      Object.freeze({
        botId: idOf(r.id),
        name: String(r.name),
        userId: idOf(r.user_id),
        username: String(r.username),
        accountId: idOrNull(r.account_id),
        accountName: textOrNull(r.account_name),
        exchange: textOrNull(r.exchange),
        dryRun: Boolean(r.dry_run),
        strategyCount: Number(r.strategy_count),
        feedCount: Number(r.feed_count),
        runningSince: dateOrNull(r.running_since),
      }),
    );
  }
}

const atLeast = (level: Severity): Severity[] => SEVERITIES.slice(SEVERITIES.indexOf(level));
