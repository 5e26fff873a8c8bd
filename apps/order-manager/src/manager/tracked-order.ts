import { Decimal, type Order, type OrderStatus, type Trade } from "@tradekit/domain";
import type { DatabaseContext } from "@tradekit/orm";

/** An order the manager follows, with what its fills add up to. */
export interface TrackedOrder {
  order: Order;
  filled: Decimal;
  /** Sum of volume x price of the fills. */
  cost: Decimal;
  fee: Decimal;
  /** Denial or rejection reasons. */
  reasons: string[];
  /** Wall-clock ms of the last submission attempt (0 = never sent in this process). */
  sentAt: number;
  /** Status before pending_cancel / pending_update, for the machine's `previous`. */
  previous: OrderStatus | null;
}

/** The reasons an orders row keeps, one a line (a reason is one line; "; " may occur inside one). */
export const joinReasons = (reasons: readonly string[]): string => reasons.join("\n");

/** The reasons of a stored order (denied ones carry them). */
export const reasonsOf = (order: Order): string[] => (order.reason ? order.reason.split("\n") : []);

/** A TrackedOrder of `order` with its stored fills. */
export function trackOrder(order: Order, fills: readonly Trade[] = [], reasons: string[] = []): TrackedOrder {
  let filled = new Decimal(0);
  let cost = new Decimal(0);
  let fee = new Decimal(0);
  for (const f of fills) {
    filled = filled.plus(f.volume);
    cost = cost.plus(f.volume.times(f.price));
    fee = fee.plus(f.fee);
  }
  return { order, filled, cost, fee, reasons, sentAt: 0, previous: null };
}

/** The average fill price (null before any fill). */
export function avgFillPrice(t: TrackedOrder): Decimal | null {
  return t.filled.isZero() ? null : t.cost.div(t.filled);
}

/** The ids of the stored orders with these client order ids. */
export async function findOrderIds(db: DatabaseContext, clientOrderIds: readonly string[]): Promise<Map<string, number>> {
  if (clientOrderIds.length === 0) return new Map();
  const rows = await db.execute<{ id: string; client_order_id: string }>(
    "select id, client_order_id from orders where client_order_id = any($1::text[])",
    [clientOrderIds],
  );
  return new Map(rows.map((r) => [r.client_order_id, Number(r.id)]));
}

/** The stored order with `clientOrderId` and its fills, or null when none was saved. */
export async function loadTracked(db: DatabaseContext, clientOrderId: string): Promise<TrackedOrder | null> {
  const id = (await findOrderIds(db, [clientOrderId])).get(clientOrderId);
  if (id === undefined) return null;
  const order = await db.orders.getOrder(id);
  const reasons = reasonsOf(order);
  return trackOrder(order, await db.trades.getTradesForOrder(id), reasons);
}
