import type { CachedOrder } from "@tradekit/cache";
import { Decimal, isOrderStatus, isTerminalStatus, type Order, type OrderStatus, toDecimal } from "@tradekit/domain";
import type { OrderUpdate, StrategyFill } from "./strategy.js";

/** One request the runner sent and follows until it is finished. */
export interface TrackedOrder {
  readonly order: Order;
  readonly signal: string;
  readonly botStrategyId: number;
  /** The last status seen; null until the order manager (or the dry-run fill) writes one. */
  status: OrderStatus | null;
  filledVolume: Decimal;
  avgFillPrice: Decimal | null;
  fee: Decimal;
  /** Run-clock time it was canceled: a late fill may still come for a while (DESIGN.md §6). */
  canceledAt: number | null;
  /** Followed again after a restart: its first entry sets what is filled without reporting it (the stored fills have it). */
  restored: boolean;
}

/** What one status entry changed: the update for onOrderUpdate, and the fill for onTrade when volume filled. */
export interface OrderChange {
  readonly tracked: TrackedOrder;
  readonly update: OrderUpdate | null;
  readonly fill: StrategyFill | null;
}

const ZERO = new Decimal(0);

const decimalOr = (value: unknown, fallback: Decimal | null, field: string): Decimal | null =>
  value === undefined || value === null || value === "" ? fallback : toDecimal(value as string, field);

/** The requests of a run, by client order id, in the order they were sent. */
export class OrderTracker {
  readonly #orders = new Map<string, TrackedOrder>();

  /** Starts following `order`; a second request with the same client order id is the same order. */
  track(order: Order, signal: string, botStrategyId: number, restored = false): TrackedOrder {
    const existing = this.#orders.get(order.clientOrderId);
    if (existing) return existing;
    const tracked: TrackedOrder = {
      order,
      signal,
      botStrategyId,
      status: null,
      filledVolume: ZERO,
      avgFillPrice: null,
      fee: ZERO,
      canceledAt: null,
      restored,
    };
    this.#orders.set(order.clientOrderId, tracked);
    return tracked;
  }

  /** Stops following an order that was never sent (its handler failed). */
  untrack(clientOrderId: string): void {
    this.#orders.delete(clientOrderId);
  }

  /** The followed order with this client order id. */
  get(clientOrderId: string): TrackedOrder | undefined {
    return this.#orders.get(clientOrderId);
  }

  get size(): number {
    return this.#orders.size;
  }

  /** Every followed order, oldest first. */
  all(): TrackedOrder[] {
    return [...this.#orders.values()];
  }

  /** The unfinished orders of one strategy. */
  openOf(botStrategyId: number): Order[] {
    const out: Order[] = [];
    for (const t of this.#orders.values()) if (t.botStrategyId === botStrategyId && isOpen(t)) out.push(t.order);
    return out;
  }

  /** Unfilled volume of a strategy's open orders on `side` (what `close` must not send again). */
  openVolume(botStrategyId: number, symbol: string, side: "buy" | "sell"): Decimal {
    let v = ZERO;
    for (const t of this.#orders.values())
      if (t.botStrategyId === botStrategyId && t.order.symbol === symbol && t.order.side === side && isOpen(t))
        v = v.plus(t.order.volume.minus(t.filledVolume));
    return v;
  }

  /** Applies a status entry of the order status cache; returns what changed (null when nothing did). */
  apply(tracked: TrackedOrder, entry: CachedOrder, now: number): OrderChange | null {
    if (!isOrderStatus(entry.status)) return null;
    const data = entry.data;
    const filled = decimalOr(data.filledVolume, tracked.filledVolume, "filledVolume") as Decimal;
    const avg = decimalOr(data.avgFillPrice, tracked.avgFillPrice, "avgFillPrice");
    const fee = decimalOr(data.fee, tracked.fee, "fee") as Decimal;
    const reasons = Array.isArray(data.reasons) ? data.reasons.map(String) : [];
    if (tracked.restored) {
      tracked.restored = false;
      tracked.filledVolume = filled;
      tracked.avgFillPrice = avg;
      tracked.fee = fee;
    }
    const time =
      typeof data.updatedAt === "string" || typeof data.updatedAt === "number" ? new Date(data.updatedAt) : entry.updatedAt;
    return this.#change(
      tracked,
      entry.status,
      filled,
      avg,
      fee,
      reasons,
      Number.isNaN(time.getTime()) ? entry.updatedAt : time,
      now,
    );
  }

  /** Applies a fill the runner made itself (dry run): the order is filled whole at `price`. */
  applyDryFill(tracked: TrackedOrder, price: Decimal, fee: Decimal, time: Date): OrderChange {
    return this.#change(tracked, "filled", tracked.order.volume, price, fee, [], time, time.getTime()) as OrderChange;
  }

  /** Forgets finished orders (a canceled one after `lateFillMs` of run-clock time). */
  prune(now: number, lateFillMs: number): void {
    for (const [id, t] of this.#orders) {
      if (t.status === null || !isTerminalStatus(t.status)) continue;
      if (t.status === "canceled" && t.canceledAt !== null && now - t.canceledAt < lateFillMs) continue;
      this.#orders.delete(id);
    }
  }

  #change(
    tracked: TrackedOrder,
    status: OrderStatus,
    filled: Decimal,
    avg: Decimal | null,
    fee: Decimal,
    reasons: string[],
    time: Date,
    now: number,
  ): OrderChange | null {
    const before = { status: tracked.status, filled: tracked.filledVolume, avg: tracked.avgFillPrice, fee: tracked.fee };
    const newVolume = filled.minus(before.filled);
    if (status === before.status && !newVolume.gt(0)) return null;
    tracked.status = status;
    if (status === "canceled" && tracked.canceledAt === null) tracked.canceledAt = now;
    let fill: StrategyFill | null = null;
    if (newVolume.gt(0) && avg !== null) {
      // The part filled since the last entry: its cost is the difference of the two cumulative costs.
      const cost = avg.times(filled).minus((before.avg ?? ZERO).times(before.filled));
      fill = {
        clientOrderId: tracked.order.clientOrderId,
        order: tracked.order,
        signal: tracked.signal,
        symbol: tracked.order.symbol,
        side: tracked.order.side,
        volume: newVolume,
        price: cost.div(newVolume),
        fee: fee.minus(before.fee),
        time,
      };
      tracked.filledVolume = filled;
      tracked.avgFillPrice = avg;
      tracked.fee = fee;
    }
    const update: OrderUpdate | null =
      status === before.status && fill === null
        ? null
        : {
            clientOrderId: tracked.order.clientOrderId,
            order: tracked.order,
            signal: tracked.signal,
            status,
            previousStatus: before.status,
            filledVolume: tracked.filledVolume,
            avgFillPrice: tracked.avgFillPrice,
            fee: tracked.fee,
            reasons,
            time,
          };
    return { tracked, update, fill };
  }
}

/** Not finished: no status yet, or a status that is not terminal. */
export function isOpen(t: TrackedOrder): boolean {
  return t.status === null || !isTerminalStatus(t.status);
}
