import { LockMode } from "@mikro-orm/core";
import { Decimal, DuplicateError, NotFoundError, toDecimal, toNonNegativeDecimal, ValidationError } from "@tradekit/domain";
import { BotEntity, BotRunEntity } from "../entities/index.js";
import { toBotRun } from "../mapping/monitoring-mapping.js";
import type { BotRun, BotRunStatistics } from "../models/bot-run.js";
import { limitOf, requireCount, requireId, requireText, storableDecimal } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";

const RUNNING = "running";
const NEWEST_FIRST = { startedAt: "desc", id: "desc" } as const;

const statsColumns = (s: BotRunStatistics) => ({
  totalTrades: requireCount("totalTrades", s.totalTrades),
  totalPnl: storableDecimal("totalPnl", toDecimal(s.totalPnl, "totalPnl")),
  maxDrawdown: storableDecimal("maxDrawdown", toNonNegativeDecimal(s.maxDrawdown, "maxDrawdown")),
});

/** Bot runs: one row per start..stop of a bot, with its statistics. */
export class BotRunRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Starts a run of bot `botId`; NotFoundError for an unknown bot, DuplicateError while another
   * run of it has not stopped. The bot row is locked so two starters cannot both succeed.
   */
  async start(botId: number): Promise<BotRun> {
    const bot = await this.ctx.em.findOne(BotEntity, requireId("botId", botId), { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!bot) throw NotFoundError.of("bot", botId);
    const running = await this.findRunning(botId);
    if (running) throw new DuplicateError(`running run of bot ${botId}`, running.id);
    const row = this.ctx.em.create(BotRunEntity, {
      bot,
      startedAt: new Date(),
      status: RUNNING,
      totalTrades: 0,
      totalPnl: new Decimal(0),
      maxDrawdown: new Decimal(0),
    });
    await this.ctx.em.flush();
    return toBotRun(row);
  }

  /** Sets a running run's statistics (absolute values); NotFoundError, ValidationError once stopped. */
  async updateStatistics(runId: number, statistics: BotRunStatistics): Promise<BotRun> {
    const columns = statsColumns(statistics);
    const row = await this.#running(runId);
    this.ctx.em.assign(row, columns);
    await this.ctx.em.flush();
    return toBotRun(row);
  }

  /** Stops a running run with its final status (default "stopped") and, when given, final statistics. */
  async stop(runId: number, status = "stopped", statistics?: BotRunStatistics): Promise<BotRun> {
    const final = requireText("status", status);
    if (final === RUNNING) throw ValidationError.invalid("status", status, 'how the run ended, not "running"');
    const columns = statistics ? statsColumns(statistics) : {};
    const row = await this.#running(runId);
    this.ctx.em.assign(row, { ...columns, status: final, endedAt: new Date() });
    await this.ctx.em.flush();
    return toBotRun(row);
  }

  /** The run with `id`; NotFoundError. */
  async getRun(id: number): Promise<BotRun> {
    const row = await this.ctx.em.findOne(BotRunEntity, requireId("id", id), { refresh: true });
    if (!row) throw NotFoundError.of("bot run", id);
    return toBotRun(row);
  }

  /** The run of bot `botId` that has not stopped, or undefined when none is running. */
  async findRunning(botId: number): Promise<BotRun | undefined> {
    const row = await this.ctx.em.findOne(
      BotRunEntity,
      { bot: requireId("botId", botId), endedAt: null },
      { orderBy: NEWEST_FIRST, refresh: true },
    );
    return row ? toBotRun(row) : undefined;
  }

  /** The runs of bot `botId`, newest first (default 100). */
  async getRuns(botId: number, options: { limit?: number } = {}): Promise<BotRun[]> {
    const rows = await this.ctx.em.find(
      BotRunEntity,
      { bot: requireId("botId", botId) },
      { orderBy: NEWEST_FIRST, limit: limitOf(options.limit), refresh: true },
    );
    return rows.map(toBotRun);
  }

  // The run, locked, if it has not stopped; otherwise NotFoundError or a ValidationError saying how it ended.
  async #running(runId: number) {
    const row = await this.ctx.em.findOne(BotRunEntity, requireId("runId", runId), {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      refresh: true,
    });
    if (!row) throw NotFoundError.of("bot run", runId);
    if (row.endedAt) {
      throw ValidationError.invalid(
        "runId",
        runId,
        `a running bot run (run ${row.id} ended at ${row.endedAt.toISOString()} as ${row.status})`,
      );
    }
    return row;
  }
}
