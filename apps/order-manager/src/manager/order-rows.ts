import { type Decimal, type OrderStatus, TradekitError } from "@tradekit/domain";
import type { DatabaseContext } from "@tradekit/orm";

/** One order row's change, already decided by the domain status machine in memory. */
export interface OrderRowChange {
  id: number;
  /** The status the row must still have (compare and set: nobody else moved it meanwhile). */
  from: OrderStatus;
  to: OrderStatus;
  /** The venue's order id, when it is learned now. */
  exOrderId: string | null;
  /** The volume filled so far, when it changed. */
  finalVolume: Decimal | null;
  /** Why (a rejection, a cancel by the venue), when the venue said. */
  reason: string | null;
}

/**
 * Writes the order rows a booking changed, in one statement for all of them, stamped `at` (the
 * manager's clock), and links fills stored before their order's venue id was known. Each row is
 * moved only from the status the manager holds for it; if one was moved elsewhere the whole
 * transaction fails. The orm's updateOrderStatus moves one row per call (a locking read, the
 * update and a link, three round trips), stamps the server's now() and cannot set a reason: a
 * booking of a few dozen fills spent most of its time there. The status machine has already
 * checked every step (fill-booking.ts).
 */
export async function writeOrderChanges(db: DatabaseContext, changes: readonly OrderRowChange[], at: Date): Promise<void> {
  if (changes.length === 0) return;
  const [row] = await db.execute<{ moved: number }>(
    `with input as (
       select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[])
         as i(id, from_status, to_status, ex_order_id, final_volume, reason)),
     moved as (
       update orders o set status = i.to_status, ex_order_id = coalesce(i.ex_order_id, o.ex_order_id),
         final_volume = coalesce(i.final_volume, o.final_volume), reason = coalesce(i.reason, o.reason), updated_at = $7
       from input i where o.id = i.id and o.status = i.from_status
       returning o.id, o.bot_id, o.account_id, o.ex_order_id),
     linked as (
       update trades t set order_id = m.id, bot_id = m.bot_id from moved m
       where t.account_id = m.account_id and t.ex_order_id = m.ex_order_id and t.order_id is null
       returning t.id)
     select (select count(*) from moved)::int as moved`,
    [
      changes.map((c) => c.id),
      changes.map((c) => c.from),
      changes.map((c) => c.to),
      changes.map((c) => c.exOrderId),
      changes.map((c) => c.finalVolume?.toFixed() ?? null),
      changes.map((c) => c.reason),
      at,
    ],
  );
  const moved = Number(row?.moved ?? 0);
  if (moved !== changes.length)
    throw new TradekitError(
      "ORDER_MOVED_ELSEWHERE",
      `${changes.length - moved} of ${changes.length} orders were no longer in the status this manager holds for them ` +
        `(orders ${changes.map((c) => c.id).join(", ")}); nothing was written. Is another manager running for the same bot?`,
    );
}
