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
import { ORDER_COLUMNS, ORDER_SELECT, orderParams, rowToOrder } from "./order-row.js";
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

const PLACEHOLDERS = ORDER_COLUMNS.split(",")
  .map((_, i) => `$${i + 1}`)
  .join(", ");

function where(filter: OrderFilter, params: unknown[]): string {
  const parts: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    parts.push(sql.replace("?", `$${params.length}`));
  };
  if (filter.uid !== undefined) add("user_id = ?", filter.uid);
  if (filter.exId !== undefined) add("account_id = ?", filter.exId);
  if (filter.botId !== undefined) add("bot_id = ?", filter.botId);
  if (filter.status !== undefined) {
    const statuses = typeof filter.status === "string" ? [filter.status] : [...filter.status];
    for (const s of statuses) if (!isOrderStatus(s)) throw ValidationError.invalid("status", s, "an order status");
    add("status = any(?::text[])", statuses);
  }
  return parts.length ? `where ${parts.join(" and ")}` : "";
}

const limitClause = (limit: number | undefined): string => {
  if (limit === undefined) return "";
  if (!Number.isSafeInteger(limit) || limit <= 0) throw ValidationError.invalid("limit", limit, "a whole number > 0");
  return ` limit ${limit}`;
};

/** Orders (domain Order in and out), validated by the domain status machine on every status change. */
export class OrderRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Inserts a new order and returns it with its id; DuplicateError when its clientOrderId exists. */
  async saveOrder(order: Order): Promise<Order> {
    if (order.id !== null) {
      throw ValidationError.invalid("id", order.id, "null for a new order (change a saved one with the update methods)");
    }
    // ON CONFLICT keeps the transaction usable: a retried submission is reported, not fatal.
    const rows = await this.ctx.sql.execute(
      `insert into orders (${ORDER_COLUMNS}) values (${PLACEHOLDERS})
       on conflict (client_order_id) do nothing returning ${ORDER_SELECT}`,
      orderParams(order),
    );
    if (!rows[0]) throw new DuplicateError("order with clientOrderId", order.clientOrderId);
    return rowToOrder(rows[0]);
  }

  /** The order with `id`; NotFoundError when there is none. */
  async getOrder(id: number): Promise<Order> {
    const rows = await this.ctx.sql.execute(`select ${ORDER_SELECT} from orders where id = $1`, [id]);
    if (!rows[0]) throw NotFoundError.of("order", id);
    return rowToOrder(rows[0]);
  }

  /** The order the venue knows as `exOrderId` (on account `exId` when given); NotFoundError when none. */
  async getOrderByExOrderId(exOrderId: string, exId?: number): Promise<Order> {
    const params: unknown[] = [exOrderId];
    let sql = `select ${ORDER_SELECT} from orders where ex_order_id = $1`;
    if (exId !== undefined) {
      params.push(exId);
      sql += " and account_id = $2";
    }
    const rows = await this.ctx.sql.execute(`${sql} order by id desc limit 1`, params);
    if (!rows[0]) throw NotFoundError.of("order with exOrderId", exOrderId);
    return rowToOrder(rows[0]);
  }

  /**
   * Moves order `orderId` to `status` (and records the venue's order id when given). The change
   * must be one the status machine allows (InvalidOrderTransition otherwise); the row is locked
   * while checking so two writers cannot both move it.
   */
  async updateOrderStatus(orderId: number, status: OrderStatus, exOrderId?: string | null): Promise<Order> {
    if (!isOrderStatus(status)) throw ValidationError.invalid("status", status, "an order status");
    const current = await this.#lock(orderId);
    if (current.status !== status) assertStatusChange(current.status, status);
    const rows = await this.ctx.sql.execute(
      `update orders set status = $2, ex_order_id = coalesce($3, ex_order_id), updated_at = now()
       where id = $1 returning ${ORDER_SELECT}`,
      [orderId, status, exOrderId ?? null],
    );
    const updated = rowToOrder(rows[0] as Record<string, unknown>);
    if (exOrderId && updated.exId !== null) {
      // Fills can race the status update that tells us the venue's order id: link any that came first.
      await this.ctx.sql.execute(
        "update trades set order_id = $1, bot_id = $2 where account_id = $3 and ex_order_id = $4 and order_id is null",
        [orderId, updated.botId, updated.exId, exOrderId],
      );
    }
    return updated;
  }

  /** Records how much of order `orderId` was filled in the end. */
  async updateOrderFinalVolume(orderId: number, finalVolume: DecimalInput): Promise<Order> {
    const volume = toNonNegativeDecimal(finalVolume, "finalVolume");
    const rows = await this.ctx.sql.execute(
      `update orders set final_volume = $2, updated_at = now() where id = $1 returning ${ORDER_SELECT}`,
      [orderId, volume.toFixed()],
    );
    if (!rows[0]) throw NotFoundError.of("order", orderId);
    return rowToOrder(rows[0]);
  }

  /**
   * Moves every order of bot `botId` (only those in `restrict` when given) to `status` and returns
   * how many changed. Every one must be allowed to make that change, or none is changed and
   * InvalidOrderTransition names the first that is not.
   */
  async updateOrdersStatus(botId: number, status: OrderStatus, restrict?: readonly OrderStatus[]): Promise<number> {
    if (!isOrderStatus(status)) throw ValidationError.invalid("status", status, "an order status");
    const params: unknown[] = [];
    const filter = where({ botId, ...(restrict ? { status: restrict } : {}) }, params);
    const rows = await this.ctx.sql.execute<{ id: string; status: OrderStatus }>(
      `select id, status from orders ${filter} and status <> $${params.length + 1} order by id for update`,
      [...params, status],
    );
    for (const row of rows) {
      try {
        assertStatusChange(row.status, status);
      } catch (error) {
        if (error instanceof InvalidOrderTransition) {
          throw new InvalidOrderTransition(row.status, `-> ${status}`, `order ${row.id}: ${error.message}; no order was changed`);
        }
        throw error;
      }
    }
    if (rows.length === 0) return 0;
    return this.ctx.sql.run("update orders set status = $1, updated_at = now() where id = any($2::bigint[])", [
      status,
      rows.map((r) => r.id),
    ]);
  }

  /** Orders still working (status in OPEN_ORDER_STATUSES), oldest first. */
  async getOpenOrders(filter: Omit<OrderFilter, "status"> = {}): Promise<Order[]> {
    const params: unknown[] = [];
    const sql = `select ${ORDER_SELECT} from orders ${where({ ...filter, status: OPEN_ORDER_STATUSES }, params)} order by created_at, id`;
    return (await this.ctx.sql.execute(sql + limitClause(filter.limit), params)).map(rowToOrder);
  }

  /** Orders matching `filter`, newest first. */
  async getAllOrders(filter: OrderFilter = {}): Promise<Order[]> {
    const params: unknown[] = [];
    const sql = `select ${ORDER_SELECT} from orders ${where(filter, params)} order by created_at desc, id desc`;
    return (await this.ctx.sql.execute(sql + limitClause(filter.limit), params)).map(rowToOrder);
  }

  /** The newest order of bot `botId`, or null when it has none yet. */
  async getLastOrder(botId: number): Promise<Order | null> {
    const rows = await this.ctx.sql.execute(
      `select ${ORDER_SELECT} from orders where bot_id = $1 order by created_at desc, id desc limit 1`,
      [botId],
    );
    return rows[0] ? rowToOrder(rows[0]) : null;
  }

  /** Orders of the bots running catalog strategy `strategy` (its id, or its name), newest first. */
  async getOrdersByStrategy(strategy: number | string, filter: Omit<OrderFilter, "botId"> = {}): Promise<Order[]> {
    const params: unknown[] = [strategy];
    const match = typeof strategy === "number" ? "cs.id = $1" : "cs.name = $1";
    const rest = where(filter, params).replace(/^where /, "and ");
    const sql = `select ${ORDER_SELECT.split(", ")
      .map((c) => `o.${c}`)
      .join(", ")} from orders o
      where o.bot_id in (select bs.bot_id from bot_strategies bs join catalog_strategies cs on cs.id = bs.strategy_id where ${match})
      ${rest.replaceAll(/\b(user_id|account_id|status)\b/g, "o.$1")} order by o.created_at desc, o.id desc`;
    return (await this.ctx.sql.execute(sql + limitClause(filter.limit), params)).map(rowToOrder);
  }

  /** Orders created since 00:00 UTC today, oldest first. */
  async getTodayOrders(filter: OrderFilter = {}): Promise<Order[]> {
    const params: unknown[] = [];
    const base = where(filter, params);
    const today = "created_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'";
    const sql = `select ${ORDER_SELECT} from orders ${base ? `${base} and ${today}` : `where ${today}`} order by created_at, id`;
    return (await this.ctx.sql.execute(sql + limitClause(filter.limit), params)).map(rowToOrder);
  }

  async #lock(orderId: number): Promise<Order> {
    const rows = await this.ctx.sql.execute(`select ${ORDER_SELECT} from orders where id = $1 for update`, [orderId]);
    if (!rows[0]) throw NotFoundError.of("order", orderId);
    return rowToOrder(rows[0]);
  }
}
