import type { OrdersCache } from "@tradekit/cache";
import type { Logger } from "pino";
import { avgFillPrice, type TrackedOrder } from "./tracked-order.js";

/** The `data` of an order status cache entry (seams.md): decimals as strings. */
export interface OrderStatusData {
  clientOrderId: string;
  orderId: number | null;
  botId: number | null;
  exId: number | null;
  symbol: string;
  side: string;
  orderType: string;
  volume: string;
  price: string | null;
  filledVolume: string;
  avgFillPrice: string | null;
  fee: string;
  exOrderId: string | null;
  reasons: string[];
  createdAt: string;
  updatedAt: string;
}

/** What the entry of `t` carries. */
export function statusData(t: TrackedOrder, updatedAt: Date): OrderStatusData {
  const o = t.order;
  return {
    clientOrderId: o.clientOrderId,
    orderId: o.id,
    botId: o.botId,
    exId: o.exId,
    symbol: o.symbol,
    side: o.side,
    orderType: o.orderType,
    volume: o.volume.toFixed(),
    price: o.price?.toFixed() ?? null,
    filledVolume: t.filled.toFixed(),
    avgFillPrice: avgFillPrice(t)?.toFixed() ?? null,
    fee: t.fee.toFixed(),
    exOrderId: o.exOrderId,
    reasons: t.reasons,
    createdAt: o.createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

/**
 * Writes order status entries after their database commit. A write that fails (the cache is down)
 * is kept and written again later, newest state only: the cache follows the database, never leads.
 */
export class StatusCacheWriter {
  readonly #dirty = new Map<string, { exchange: string; status: string; data: Record<string, unknown> }>();

  constructor(
    readonly orders: OrdersCache,
    readonly logger: Logger,
  ) {}

  /** Writes the entries (or keeps them for `flush` when the cache fails). */
  async write(
    entries: readonly { exchange: string; status: string; data: Record<string, unknown>; clientOrderId: string }[],
  ): Promise<void> {
    for (const e of entries) this.#dirty.set(`${e.exchange}\u0000${e.clientOrderId}`, e);
    await this.flush();
  }

  /** Writes what is still owed (all at once: ioredis pipelines them); false while the cache does not answer. */
  async flush(): Promise<boolean> {
    const owed = [...this.#dirty];
    const results = await Promise.allSettled(
      owed.map(([key, e]) =>
        this.orders.setOrder(e.exchange, key.slice(key.indexOf("\u0000") + 1), { status: e.status, data: e.data }),
      ),
    );
    let failure: unknown = null;
    results.forEach((r, i) => {
      const [key, e] = owed[i] as [string, unknown];
      if (r.status === "fulfilled" && this.#dirty.get(key) === e) this.#dirty.delete(key);
      if (r.status === "rejected") failure = r.reason;
    });
    if (failure !== null)
      this.logger.warn({ err: failure, owed: this.#dirty.size }, "order status cache write failed; will write again");
    return failure === null;
  }

  /** How many entries are owed to the cache. */
  get owed(): number {
    return this.#dirty.size;
  }
}
