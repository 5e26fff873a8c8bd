import { DuplicateError, NotFoundError, Timeframe, type TimeframePeriod, ValidationError } from "@tradekit/domain";
import { mapErrors } from "../errors.js";
import type { Feed, FeedChanges, FeedInput } from "../models/feed.js";
import { requireCount, requireId } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";
import { idOf } from "./row-values.js";

const SELECT = "f.id, f.bot_strategy_id, f.symbol_id, s.symbol, e.name as exchange, f.period, f.compression, f.feed_order";
const FROM = "feeds f join symbols s on s.id = f.symbol_id join catalog_exchanges e on e.id = s.catalog_exchange_id";

/** A feeds row (with its symbol and exchange names) as the model. */
export const toFeed = (r: Record<string, unknown>): Feed =>
  Object.freeze({
    id: idOf(r.id),
    botStrategyId: idOf(r.bot_strategy_id),
    symbolId: idOf(r.symbol_id),
    symbol: String(r.symbol),
    exchange: String(r.exchange),
    timeframe: Timeframe.fromCompression(Number(r.compression), r.period as TimeframePeriod),
    order: Number(r.feed_order),
  });

/** SELECT list and FROM of feeds with their symbols, for other repositories' joins. */
export const FEED_QUERY = { select: SELECT, from: FROM };

function timeframeOf(value: unknown): Timeframe {
  if (value instanceof Timeframe) return value;
  if (typeof value !== "string") throw ValidationError.invalid("timeframe", value, 'a Timeframe or its name such as "5m"');
  try {
    return Timeframe.parse(value);
  } catch (cause) {
    throw new ValidationError(`timeframe must be a name such as "1m", "4h" or "1d"; got ${JSON.stringify(value)}`, {
      field: "timeframe",
      value,
      cause,
    });
  }
}

/** The candle feeds of bot strategies (symbol + timeframe, ordered). */
export class FeedRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Adds a feed (by default after the strategy's last); DuplicateError when `order` is taken. */
  async add(input: FeedInput): Promise<Feed> {
    const botStrategyId = requireId("botStrategyId", input.botStrategyId);
    const symbolId = requireId("symbolId", input.symbolId);
    const timeframe = timeframeOf(input.timeframe);
    await this.#mustExist("bot_strategies", "bot strategy", botStrategyId);
    await this.#mustExist("symbols", "symbol", symbolId);
    const order = input.order === undefined ? null : requireCount("order", input.order);
    const rows = await this.ctx.sql.execute<{ id: string }>(
      `insert into feeds (bot_strategy_id, symbol_id, period, compression, feed_order)
       values ($1, $2, $3, $4, coalesce($5::int, (select coalesce(max(feed_order) + 1, 0) from feeds where bot_strategy_id = $1)))
       on conflict do nothing returning id`,
      [botStrategyId, symbolId, timeframe.period, timeframe.compression, order],
    );
    // With no order given, a concurrent add took the next position: retrying picks a new one.
    if (!rows[0]) throw new DuplicateError(`feed order of bot strategy ${botStrategyId}`, order ?? "next");
    return this.getById(idOf(rows[0].id));
  }

  /** Changes a feed's symbol, timeframe or order; NotFoundError, DuplicateError (order taken). */
  async update(id: number, changes: FeedChanges): Promise<Feed> {
    const current = await this.getById(id);
    const symbolId = changes.symbolId === undefined ? current.symbolId : requireId("symbolId", changes.symbolId);
    if (symbolId !== current.symbolId) await this.#mustExist("symbols", "symbol", symbolId);
    const timeframe = changes.timeframe === undefined ? current.timeframe : timeframeOf(changes.timeframe);
    const order = changes.order === undefined ? current.order : requireCount("order", changes.order);
    await mapErrors(
      () =>
        this.ctx.sql.run("update feeds set symbol_id = $2, period = $3, compression = $4, feed_order = $5 where id = $1", [
          id,
          symbolId,
          timeframe.period,
          timeframe.compression,
          order,
        ]),
      { entity: `feed order of bot strategy ${current.botStrategyId}`, key: order },
    );
    return this.getById(id);
  }

  /** Removes a feed; NotFoundError. */
  async delete(id: number): Promise<void> {
    const count = await this.ctx.sql.run("delete from feeds where id = $1", [requireId("id", id)]);
    if (count === 0) throw NotFoundError.of("feed", id);
  }

  /** The feed with `id`; NotFoundError. */
  async getById(id: number): Promise<Feed> {
    const rows = await this.ctx.sql.execute(`select ${SELECT} from ${FROM} where f.id = $1`, [requireId("id", id)]);
    if (!rows[0]) throw NotFoundError.of("feed", id);
    return toFeed(rows[0]);
  }

  /** The feeds of one bot strategy, in order. */
  async getByBotStrategy(botStrategyId: number): Promise<Feed[]> {
    const rows = await this.ctx.sql.execute(`select ${SELECT} from ${FROM} where f.bot_strategy_id = $1 order by f.feed_order`, [
      requireId("botStrategyId", botStrategyId),
    ]);
    return rows.map(toFeed);
  }

  /** Every feed of bot `botId`, by strategy then order. */
  async getByBot(botId: number): Promise<Feed[]> {
    const rows = await this.ctx.sql.execute(
      `select ${SELECT} from ${FROM} join bot_strategies b on b.id = f.bot_strategy_id where b.bot_id = $1 order by b.id, f.feed_order`,
      [requireId("botId", botId)],
    );
    return rows.map(toFeed);
  }

  async #mustExist(table: "bot_strategies" | "symbols", entity: string, id: number): Promise<void> {
    const rows = await this.ctx.sql.execute(`select 1 from ${table} where id = $1`, [id]);
    if (!rows[0]) throw NotFoundError.of(entity, id);
  }
}
