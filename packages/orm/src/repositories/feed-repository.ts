import { DuplicateError, NotFoundError, Timeframe, ValidationError } from "@tradekit/domain";
import { BotStrategyEntity, FeedEntity, SymbolEntity } from "../entities/index.js";
import { mapErrors } from "../errors.js";
import { toFeed } from "../mapping/catalog-mapping.js";
import type { Feed, FeedChanges, FeedInput } from "../models/feed.js";
import { requireCount, requireId } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";

/** What a feed read populates: its symbol and the symbol's exchange (the model shows both names). */
export const FEED_POPULATE = ["symbol.catalogExchange"] as const;

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
    await this.#mustExist(BotStrategyEntity, "bot strategy", botStrategyId);
    await this.#mustExist(SymbolEntity, "symbol", symbolId);
    const given = input.order === undefined ? null : requireCount("order", input.order);
    const order = given ?? (await this.#nextOrder(botStrategyId));
    // ON CONFLICT keeps the caller's transaction usable when the order is taken.
    const row = await this.ctx.db
      .insertInto("Feed")
      .values({
        botStrategy: botStrategyId,
        symbol: symbolId,
        period: timeframe.period,
        compression: timeframe.compression,
        order,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    // With no order given, a concurrent add took the next position: retrying picks a new one.
    if (!row) throw new DuplicateError(`feed order of bot strategy ${botStrategyId}`, given ?? "next");
    return this.getById(row.id);
  }

  /** Changes a feed's symbol, timeframe or order; NotFoundError, DuplicateError (order taken). */
  async update(id: number, changes: FeedChanges): Promise<Feed> {
    const row = await this.#row(id);
    const symbolId = changes.symbolId === undefined ? row.symbol.id : requireId("symbolId", changes.symbolId);
    if (symbolId !== row.symbol.id) await this.#mustExist(SymbolEntity, "symbol", symbolId);
    const timeframe = changes.timeframe === undefined ? null : timeframeOf(changes.timeframe);
    const order = changes.order === undefined ? row.order : requireCount("order", changes.order);
    this.ctx.em.assign(row, {
      symbol: symbolId,
      order,
      ...(timeframe ? { period: timeframe.period, compression: timeframe.compression } : {}),
    });
    await mapErrors(() => this.ctx.em.flush(), { entity: `feed order of bot strategy ${row.botStrategy.id}`, key: order });
    return this.getById(id);
  }

  /** Removes a feed; NotFoundError. */
  async delete(id: number): Promise<void> {
    const count = await this.ctx.em.nativeDelete(FeedEntity, { id: requireId("id", id) });
    if (count === 0) throw NotFoundError.of("feed", id);
  }

  /** The feed with `id`; NotFoundError. */
  async getById(id: number): Promise<Feed> {
    return toFeed(await this.#row(id));
  }

  /** The feeds of one bot strategy, in order. */
  async getByBotStrategy(botStrategyId: number): Promise<Feed[]> {
    const rows = await this.ctx.em.find(
      FeedEntity,
      { botStrategy: requireId("botStrategyId", botStrategyId) },
      { populate: FEED_POPULATE, orderBy: { order: "asc" }, refresh: true },
    );
    return rows.map(toFeed);
  }

  /** Every feed of bot `botId`, by strategy then order. */
  async getByBot(botId: number): Promise<Feed[]> {
    const rows = await this.ctx.em.find(
      FeedEntity,
      { botStrategy: { bot: requireId("botId", botId) } },
      { populate: FEED_POPULATE, orderBy: { botStrategy: { id: "asc" }, order: "asc" }, refresh: true },
    );
    return rows.map(toFeed);
  }

  async #row(id: number) {
    const row = await this.ctx.em.findOne(FeedEntity, requireId("id", id), { populate: FEED_POPULATE, refresh: true });
    if (!row) throw NotFoundError.of("feed", id);
    return row;
  }

  async #nextOrder(botStrategyId: number): Promise<number> {
    const last = await this.ctx.db
      .selectFrom("Feed")
      .select((eb) => eb.fn.max("order").as("order"))
      .where("botStrategy", "=", botStrategyId)
      .executeTakeFirst();
    return last?.order === null || last?.order === undefined ? 0 : Number(last.order) + 1;
  }

  async #mustExist(entity: typeof BotStrategyEntity | typeof SymbolEntity, name: string, id: number): Promise<void> {
    // Both have a numeric id: count by it.
    if ((await this.ctx.em.count(entity as typeof SymbolEntity, { id })) === 0) throw NotFoundError.of(name, id);
  }
}
