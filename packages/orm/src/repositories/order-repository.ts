import type { InferEntity } from "@mikro-orm/core";
import { LockMode, type ObjectQuery } from "@mikro-orm/core";
import {
  assertStatusChange,
  type DecimalInput,
  DuplicateError,
  InvalidOrderTransition,
  isOrderStatus,
  NotFoundError,
  OPEN_ORDER_STATUSES,
  type Order,
  type OrderStatus,
  toNonNegativeDecimal,
  ValidationError,
} from "@tradekit/domain";
import { BotStrategyEntity, OrderEntity, TradeEntity } from "../entities/index.js";
import { orderColumns, toOrder } from "../mapping/order-mapping.js";
import { positiveCount, requireId, requireText, storableDecimal } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";

/** Which orders a listing covers; every given field must match. */
export interface OrderFilter {
  /** Owning user. */
  uid?: number;
  /** Exchange account. */
  exId?: number;
  botId?: number;
  status?: OrderStatus | readonly OrderStatus[];
  /** At most this many, newest first. */
  limit?: number;
}

type Row = InferEntity<typeof OrderEntity>;

function statuses(value: OrderStatus | readonly OrderStatus[]): OrderStatus[] {
  const list = typeof value === "string" ? [value] : [...value];
  for (const s of list) if (!isOrderStatus(s)) throw ValidationError.invalid("status", s, "an order status");
  return list;
}

function where(filter: OrderFilter): ObjectQuery<Row> {
  return {
    ...(filter.uid === undefined ? {} : { user: requireId("uid", filter.uid) }),
    ...(filter.exId === undefined ? {} : { account: requireId("exId", filter.exId) }),
    ...(filter.botId === undefined ? {} : { bot: requireId("botId", filter.botId) }),
    ...(filter.status === undefined ? {} : { status: { $in: statuses(filter.status) } }),
  };
}

const limitOf = (limit: number | undefined) => (limit === undefined ? {} : { limit: positiveCount("limit", limit) });
const NEWEST_FIRST = { createdAt: "desc", id: "desc" } as const;
const OLDEST_FIRST = { createdAt: "asc", id: "asc" } as const;

const startOfTodayUtc = (): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
};

/** Orders (domain Order in and out), validated by the domain status machine on every status change. */
export class OrderRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Inserts a new order and returns it with its id; DuplicateError when its clientOrderId exists. */
  async saveOrder(order: Order): Promise<Order> {
    if (order.id !== null) {
      throw ValidationError.invalid("id", order.id, "null for a new order (change a saved one with the update methods)");
    }
    // ON CONFLICT DO NOTHING keeps the transaction usable: a retried submission is reported, not fatal.
    const row = await this.ctx.db
      .insertInto("Order")
      .values(orderColumns(order))
      .onConflict((oc) => oc.column("clientOrderId").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new DuplicateError("order with clientOrderId", order.clientOrderId);
    // The row holds exactly what was written (numeric and text columns keep every digit and
    // character, no trigger or default fills anything in): the saved order is the order with its
    // id. Reading the row back and hydrating an entity cost a third of a saveOrder's CPU.
    return order.with({ id: row.id });
  }

  /** The order with `id`; NotFoundError when there is none. */
  async getOrder(id: number): Promise<Order> {
    const row = await this.ctx.em.findOne(OrderEntity, requireId("id", id), { refresh: true });
    if (!row) throw NotFoundError.of("order", id);
    return toOrder(row);
  }

  /**
   * The order account `exId`'s venue knows as `exOrderId`; NotFoundError when none. The account is
   * required: a venue's order ids are unique only on that venue.
   */
  async getOrderByExOrderId(exId: number, exOrderId: string): Promise<Order> {
    const row = await this.ctx.em.findOne(
      OrderEntity,
      { account: requireId("exId", exId), exOrderId: requireText("exOrderId", exOrderId) },
      { orderBy: { id: "desc" }, refresh: true },
    );
    if (!row) throw NotFoundError.of("order", { exId, exOrderId });
    return toOrder(row);
  }

  /**
   * Moves order `orderId` to `status` (and records the venue's order id when given). The change
   * must be one the status machine allows (InvalidOrderTransition otherwise); the row is locked
   * while checking so two writers cannot both move it.
   */
  async updateOrderStatus(orderId: number, status: OrderStatus, exOrderId?: string | null): Promise<Order> {
    if (!isOrderStatus(status)) throw ValidationError.invalid("status", status, "an order status");
    const venueId = exOrderId === undefined || exOrderId === null ? null : requireText("exOrderId", exOrderId);
    const row = await this.#lock(orderId);
    if (row.status !== status) assertStatusChange(row.status as OrderStatus, status);
    this.ctx.em.assign(row, { status, exOrderId: venueId ?? row.exOrderId ?? null, updatedAt: new Date() });
    await this.ctx.em.flush();
    if (venueId && row.account) {
      // Fills can race the status update that tells us the venue's order id: link any that came first.
      await this.ctx.em.nativeUpdate(
        TradeEntity,
        { account: row.account.id, exOrderId: venueId, order: null },
        { order: orderId, bot: row.bot?.id ?? null },
      );
    }
    return toOrder(row);
  }

  /** Records how much of order `orderId` was filled in the end. */
  async updateOrderFinalVolume(orderId: number, finalVolume: DecimalInput): Promise<Order> {
    const volume = storableDecimal("finalVolume", toNonNegativeDecimal(finalVolume, "finalVolume"));
    const row = await this.ctx.em.findOne(OrderEntity, requireId("orderId", orderId), { refresh: true });
    if (!row) throw NotFoundError.of("order", orderId);
    this.ctx.em.assign(row, { finalVolume: volume, updatedAt: new Date() });
    await this.ctx.em.flush();
    return toOrder(row);
  }

  /**
   * Moves every order of bot `botId` (only those in `restrict` when given) to `status` and returns
   * how many changed. Every one must be allowed to make that change, or none is changed and
   * InvalidOrderTransition names the first that is not.
   */
  async updateOrdersStatus(botId: number, status: OrderStatus, restrict?: readonly OrderStatus[]): Promise<number> {
    if (!isOrderStatus(status)) throw ValidationError.invalid("status", status, "an order status");
    const only = restrict ? statuses(restrict).filter((s) => s !== status) : undefined;
    const rows = await this.ctx.em.find(
      OrderEntity,
      { bot: requireId("botId", botId), status: only ? { $in: only } : { $ne: status } },
      { orderBy: { id: "asc" }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    for (const row of rows) {
      try {
        assertStatusChange(row.status as OrderStatus, status);
      } catch (error) {
        if (error instanceof InvalidOrderTransition) {
          throw new InvalidOrderTransition(row.status, `-> ${status}`, `order ${row.id}: ${error.message}; no order was changed`);
        }
        throw error;
      }
    }
    const now = new Date();
    for (const row of rows) this.ctx.em.assign(row, { status, updatedAt: now });
    await this.ctx.em.flush();
    return rows.length;
  }

  /** Orders still working (status in OPEN_ORDER_STATUSES), oldest first. */
  async getOpenOrders(filter: Omit<OrderFilter, "status"> = {}): Promise<Order[]> {
    return this.#find({ ...where(filter), status: { $in: [...OPEN_ORDER_STATUSES] } }, OLDEST_FIRST, filter.limit);
  }

  /** Orders matching `filter`, newest first. */
  getAllOrders(filter: OrderFilter = {}): Promise<Order[]> {
    return this.#find(where(filter), NEWEST_FIRST, filter.limit);
  }

  /** The newest order of bot `botId`, or null when it has none yet. */
  async getLastOrder(botId: number): Promise<Order | null> {
    const [last] = await this.#find({ bot: requireId("botId", botId) }, NEWEST_FIRST, 1);
    return last ?? null;
  }

  /** Orders of the bots running catalog strategy `strategy` (its id, or its name), newest first. */
  async getOrdersByStrategy(strategy: number | string, filter: Omit<OrderFilter, "botId"> = {}): Promise<Order[]> {
    const match = typeof strategy === "number" ? { strategy: requireId("strategy", strategy) } : { strategy: { name: strategy } };
    const attached = await this.ctx.em.find(BotStrategyEntity, match, { fields: ["bot"] });
    const bots = [...new Set(attached.map((s) => s.bot.id))];
    if (bots.length === 0) return [];
    return this.#find({ ...where(filter), bot: { $in: bots } }, NEWEST_FIRST, filter.limit);
  }

  /** Orders created since 00:00 UTC today, oldest first. */
  getTodayOrders(filter: OrderFilter = {}): Promise<Order[]> {
    return this.#find({ ...where(filter), createdAt: { $gte: startOfTodayUtc() } }, OLDEST_FIRST, filter.limit);
  }

  async #find(filter: ObjectQuery<Row>, orderBy: typeof NEWEST_FIRST | typeof OLDEST_FIRST, limit?: number): Promise<Order[]> {
    const rows = await this.ctx.em.find(OrderEntity, filter, { orderBy, refresh: true, ...limitOf(limit) });
    return rows.map(toOrder);
  }

  async #lock(orderId: number): Promise<Row> {
    const row = await this.ctx.em.findOne(OrderEntity, requireId("orderId", orderId), {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      refresh: true,
    });
    if (!row) throw NotFoundError.of("order", orderId);
    return row;
  }
}
