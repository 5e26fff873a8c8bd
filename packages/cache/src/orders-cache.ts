import {
  assertStatusChange,
  canReachStatus,
  InvalidOrderTransition,
  isOrderStatus,
  ORDER_STATUSES,
  ValidationError,
} from "@tradekit/domain";
import { BaseCache } from "./base-cache.js";
import { type CacheOptions, openCacheContext } from "./cache-options.js";
import { type CachedOrder, type CachedOrderInput, decodeOrder, encodeOrder } from "./cached-order.js";
import { parseStored } from "./codec.js";
import { optimisticUpdate } from "./optimistic-update.js";
import type { WriteOp } from "./store/cache-store.js";

/** An order request taken from the queue; acknowledge it with `ackNewOrders` once handled. */
export interface NewOrder {
  id: string;
  order: Record<string, unknown>;
}

export interface TakeNewOrdersOptions {
  /** At most this many (default 10). */
  count?: number;
  /** Wait up to this long for one when the queue is empty (default 0: do not wait). */
  blockMs?: number;
  /** First take back orders another consumer took and did not acknowledge for this long (default 30 s). */
  reclaimIdleMs?: number;
}

export interface OrderWriteOptions {
  /** The entry expires this long after its last write (default 86,400 s = 24 h). */
  ttlSeconds?: number;
}

/** An order or anything with `toDict()` (a domain Order): what the queue carries. */
export type OrderPayload = Record<string, unknown> | { toDict(): object };

const DEFAULT_ORDER_TTL_SECONDS = 86_400;

const wholeNumber = (field: string, value: number, min: number): number => {
  if (!Number.isSafeInteger(value) || value < min) throw ValidationError.invalid(field, value, `a whole number >= ${min}`);
  return value;
};

/**
 * The queue of new orders (a Redis stream read by one consumer group: an order taken and not
 * acknowledged, because its consumer crashed, is delivered again) and the order status of each
 * exchange: one key per order with its own expiry, plus a per-exchange index scored by expiry.
 */
export class OrdersCache extends BaseCache {
  /** Opens an OrdersCache on the process-wide store (or `options.store`). */
  static async open(options: CacheOptions = {}): Promise<OrdersCache> {
    return new OrdersCache(await openCacheContext(options));
  }

  /** Queues new orders; returns their queue ids. */
  pushNewOrders(orders: readonly OrderPayload[]): Promise<string[]> {
    const payloads = orders.map((o) => JSON.stringify(typeof o.toDict === "function" ? (o.toDict as () => unknown)() : o));
    return this.store.queuePush(this.keys.newOrders(), payloads);
  }

  /** Queues one new order; returns its queue id. */
  async pushNewOrder(order: OrderPayload): Promise<string> {
    return (await this.pushNewOrders([order]))[0] as string;
  }

  /** Takes orders for `consumer`: first those abandoned by a dead consumer, then new ones. */
  async takeNewOrders(consumer: string, options: TakeNewOrdersOptions = {}): Promise<NewOrder[]> {
    const count = wholeNumber("count", options.count ?? 10, 1);
    const blockMs = wholeNumber("blockMs", options.blockMs ?? 0, 0);
    const minIdleMs = wholeNumber("reclaimIdleMs", options.reclaimIdleMs ?? 30_000, 0);
    if (typeof consumer !== "string" || consumer.length === 0)
      throw ValidationError.invalid("consumer", consumer, "a non-empty consumer name");
    const queue = this.keys.newOrders();
    const reclaimed = await this.store.queueReclaim(queue, consumer, { minIdleMs, count });
    const entries = reclaimed.length > 0 ? reclaimed : await this.store.queueTake(queue, consumer, { count, blockMs });
    return entries.map((e) => ({ id: e.id, order: parseStored<Record<string, unknown>>(e.payload, queue) }));
  }

  /** Acknowledges handled orders: they will not be delivered again. Returns how many were pending. */
  ackNewOrders(ids: readonly string[]): Promise<number> {
    return this.store.queueAck(this.keys.newOrders(), ids);
  }

  /** How many orders were taken and not yet acknowledged. */
  pendingNewOrders(): Promise<number> {
    return this.store.queuePending(this.keys.newOrders());
  }

  /**
   * Writes an order's status (and fields) on `exchange`; it expires on its own after the TTL. The
   * status must be a domain order status (ValidationError otherwise) that the status machine can
   * reach from the cached one (InvalidOrderTransition otherwise: filled -> new never is). Any
   * number of steps may lie between, so a writer that keeps only an order's newest state may
   * write new and then filled; the same status again rewrites the fields.
   */
  async setOrder(exchange: string, orderId: string, order: CachedOrderInput, options: OrderWriteOptions = {}): Promise<void> {
    encodeOrder(order, 0); // refuses a bad status or data before any I/O
    await this.updateOrder(exchange, orderId, () => order, options);
  }

  /**
   * Moves an order to `status` only if its current status is one of `from` (null = absent) and the
   * status machine allows that one step, as OrderRepository.updateOrderStatus does, atomically;
   * otherwise throws InvalidOrderTransition naming the status it found.
   */
  async updateOrderStatus(
    exchange: string,
    orderId: string,
    status: string,
    options: OrderWriteOptions & { from: readonly (string | null)[]; data?: Record<string, unknown> },
  ): Promise<CachedOrder> {
    if (!isOrderStatus(status))
      throw ValidationError.invalid("status", status, `an order status (one of ${ORDER_STATUSES.join(", ")})`);
    return this.updateOrder(
      exchange,
      orderId,
      (current) => {
        const found = current?.status ?? null;
        if (!options.from.includes(found))
          throw new InvalidOrderTransition(
            found ?? "absent",
            status,
            `order ${orderId} on ${exchange} is ${found ?? "absent"}, not one of ${options.from.join(", ")}; cannot move it to ${status}`,
          );
        if (found !== null && found !== status && isOrderStatus(found)) assertStatusChange(found, status);
        return { status, data: options.data ?? current?.data ?? {} };
      },
      options,
    );
  }

  /**
   * Changes an order from its current value (null = absent) without losing a concurrent change;
   * the new status must be reachable from the current one, as for setOrder.
   */
  async updateOrder(
    exchange: string,
    orderId: string,
    change: (current: CachedOrder | null) => CachedOrderInput,
    options: OrderWriteOptions = {},
  ): Promise<CachedOrder> {
    const key = this.keys.order(exchange, orderId);
    return optimisticUpdate(`updateOrder(${exchange}, ${orderId})`, async () => {
      const before = await this.store.get(key);
      const current = before === null ? null : decodeOrder(exchange, orderId, before);
      const next = change(current);
      // a stored status the domain does not know (written by an older version) does not block a write
      if (
        current !== null &&
        isOrderStatus(current.status) &&
        isOrderStatus(next.status) &&
        !canReachStatus(current.status, next.status)
      )
        throw new InvalidOrderTransition(
          current.status,
          `-> ${next.status}`,
          `order ${orderId} on ${exchange} is ${current.status}; the status machine never leads from there to ${next.status}`,
        );
      const text = encodeOrder(next, Date.now());
      const done = await this.store.execIf({ key, equals: before }, this.#writeOps(exchange, orderId, text, options));
      return done ? decodeOrder(exchange, orderId, text) : undefined;
    });
  }

  /** The order's cached status, or null when absent or expired. */
  async getOrder(exchange: string, orderId: string): Promise<CachedOrder | null> {
    const text = await this.store.get(this.keys.order(exchange, orderId));
    return text === null ? null : decodeOrder(exchange, orderId, text);
  }

  /** Every live (not expired) cached order of `exchange`, soonest to expire first. */
  async getOrders(exchange: string): Promise<CachedOrder[]> {
    const ids = await this.store.zrangeByScore(this.keys.orderIndex(exchange), Date.now(), Number.POSITIVE_INFINITY);
    const texts = await this.store.mget(ids.map((id) => this.keys.order(exchange, id)));
    const out: CachedOrder[] = [];
    texts.forEach((text, i) => {
      if (text !== null) out.push(decodeOrder(exchange, ids[i] as string, text));
    });
    return out;
  }

  /** Removes an order's cached status. */
  async deleteOrder(exchange: string, orderId: string): Promise<void> {
    await this.store.exec([
      { op: "del", keys: [this.keys.order(exchange, orderId)] },
      { op: "zrem", key: this.keys.orderIndex(exchange), members: [orderId] },
    ]);
  }

  #writeOps(exchange: string, orderId: string, text: string, options: OrderWriteOptions): WriteOp[] {
    const ttlSeconds = options.ttlSeconds ?? DEFAULT_ORDER_TTL_SECONDS;
    if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0)
      throw ValidationError.invalid("ttlSeconds", ttlSeconds, "a positive number of seconds");
    const now = Date.now();
    const ttlMs = ttlSeconds * 1000;
    const index = this.keys.orderIndex(exchange);
    return [
      { op: "set", key: this.keys.order(exchange, orderId), value: text, ttlMs },
      { op: "zadd", key: index, score: now + ttlMs, member: orderId },
      // The index forgets expired orders as it goes; each order's own key expires by itself.
      { op: "zremRangeByScore", key: index, min: Number.NEGATIVE_INFINITY, max: now },
    ];
  }
}
