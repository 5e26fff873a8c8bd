import { DuplicateError, NotFoundError, toDecimal, toNonNegativeDecimal, ValidationError } from "@tradekit/domain";
import type { BotRun, BotRunStatistics } from "../models/bot-run.js";
import { limitOf, requireCount, requireId, requireText } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, dateOrNull, decimalOf, idOf } from "./row-values.js";

const COLUMNS = "id, bot_id, started_at, ended_at, status, total_trades, total_pnl, max_drawdown";
const RUNNING = "running";

const toRun = (r: Record<string, unknown>): BotRun =>
  Object.freeze({
    id: idOf(r.id),
    botId: idOf(r.bot_id),
    startedAt: dateOf(r.started_at),
    endedAt: dateOrNull(r.ended_at),
    status: String(r.status),
    totalTrades: Number(r.total_trades),
    totalPnl: decimalOf(r.total_pnl),
    maxDrawdown: decimalOf(r.max_drawdown),
  });

const statsValues = (s: BotRunStatistics): [number, string, string] => [
  requireCount("totalTrades", s.totalTrades),
  toDecimal(s.totalPnl, "totalPnl").toFixed(),
  toNonNegativeDecimal(s.maxDrawdown, "maxDrawdown").toFixed(),
];

/** Bot runs: one row per start..stop of a bot, with its statistics. */
export class BotRunRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Starts a run of bot `botId`; NotFoundError for an unknown bot, DuplicateError while another
   * run of it has not stopped. The bot row is locked so two starters cannot both succeed.
   */
  async start(botId: number): Promise<BotRun> {
    const locked = await this.ctx.sql.execute("select id from bots where id = $1 for update", [requireId("botId", botId)]);
    if (!locked[0]) throw NotFoundError.of("bot", botId);
    const running = await this.findRunning(botId);
    if (running) throw new DuplicateError(`running run of bot ${botId}`, running.id);
    const rows = await this.ctx.sql.execute(
      `insert into bot_runs (bot_id, started_at, status, total_trades, total_pnl, max_drawdown)
       values ($1, now(), $2, 0, 0, 0) returning ${COLUMNS}`,
      [botId, RUNNING],
    );
    return toRun(rows[0] as Record<string, unknown>);
  }

  /** Sets a running run's statistics (absolute values); NotFoundError, ValidationError once stopped. */
  async updateStatistics(runId: number, statistics: BotRunStatistics): Promise<BotRun> {
    const rows = await this.ctx.sql.execute(
      `update bot_runs set total_trades = $2, total_pnl = $3, max_drawdown = $4 where id = $1 and ended_at is null returning ${COLUMNS}`,
      [requireId("runId", runId), ...statsValues(statistics)],
    );
    return rows[0] ? toRun(rows[0]) : this.#notRunning(runId);
  }

  /** Stops a running run with its final status (default "stopped") and, when given, final statistics. */
  async stop(runId: number, status = "stopped", statistics?: BotRunStatistics): Promise<BotRun> {
    const final = requireText("status", status);
    if (final === RUNNING) throw ValidationError.invalid("status", status, 'how the run ended, not "running"');
    const stats = statistics ? statsValues(statistics) : [null, null, null];
    const rows = await this.ctx.sql.execute(
      `update bot_runs set ended_at = now(), status = $2, total_trades = coalesce($3, total_trades),
         total_pnl = coalesce($4::numeric, total_pnl), max_drawdown = coalesce($5::numeric, max_drawdown)
       where id = $1 and ended_at is null returning ${COLUMNS}`,
      [requireId("runId", runId), final, ...stats],
    );
    return rows[0] ? toRun(rows[0]) : this.#notRunning(runId);
  }

  /** The run with `id`; NotFoundError. */
  async getRun(id: number): Promise<BotRun> {
    const rows = await this.ctx.sql.execute(`select ${COLUMNS} from bot_runs where id = $1`, [requireId("id", id)]);
    if (!rows[0]) throw NotFoundError.of("bot run", id);
    return toRun(rows[0]);
  }

  /** The run of bot `botId` that has not stopped, or undefined when none is running. */
  async findRunning(botId: number): Promise<BotRun | undefined> {
    const rows = await this.ctx.sql.execute(
      `select ${COLUMNS} from bot_runs where bot_id = $1 and ended_at is null order by started_at desc, id desc limit 1`,
      [requireId("botId", botId)],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** The runs of bot `botId`, newest first (default 100). */
  async getRuns(botId: number, options: { limit?: number } = {}): Promise<BotRun[]> {
    const rows = await this.ctx.sql.execute(
      `select ${COLUMNS} from bot_runs where bot_id = $1 order by started_at desc, id desc limit ${limitOf(options.limit)}`,
      [requireId("botId", botId)],
    );
    return rows.map(toRun);
  }

  async #notRunning(runId: number): Promise<never> {
    const run = await this.getRun(runId);
    throw ValidationError.invalid(
      "runId",
      runId,
      `a running bot run (run ${run.id} ended at ${run.endedAt?.toISOString()} as ${run.status})`,
    );
  }
}
