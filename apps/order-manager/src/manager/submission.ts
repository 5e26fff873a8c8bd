import type { OrderStatus } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { VenueRejectedError } from "../venue/venue-errors.js";
import { logTransition, type ManagerCore } from "./manager-core.js";
import { statusData } from "./status-cache.js";
import type { TrackedOrder } from "./tracked-order.js";

interface Outcome {
  t: TrackedOrder;
  to: OrderStatus;
  venueOrderId: string | null;
  reason: string;
}

/**
 * Sends orders already saved as `submitted` to their venue, then records the answers: an
 * acknowledgement opens the order, an explicit refusal rejects it, and anything else (a timeout,
 * a lost acknowledgement) leaves it in flight for the reconciliation to resolve by asking the venue.
 */
export async function sendOrders(core: ManagerCore, orders: readonly TrackedOrder[]): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const t of orders) {
    const venue = core.venues.get(t.order.exId as number);
    t.sentAt = Date.now();
    if (!venue) {
      core.logger.error({ clientOrderId: t.order.clientOrderId, exId: t.order.exId }, "no venue for the order's account");
      continue;
    }
    try {
      const ack = await venue.submit(t.order);
      outcomes.push({
        t,
        to: "open",
        venueOrderId: ack.venueOrderId,
        reason: `accepted by ${venue.exchange} as ${ack.venueOrderId}`,
      });
    } catch (error) {
      if (error instanceof VenueRejectedError) {
        outcomes.push({ t, to: "rejected", venueOrderId: null, reason: error.reason });
      } else {
        core.counters.unanswered = (core.counters.unanswered ?? 0) + 1;
        core.logger.warn(
          { clientOrderId: t.order.clientOrderId, botId: t.order.botId, symbol: t.order.symbol, err: error },
          `order ${t.order.clientOrderId} got no answer from the venue: it stays ${t.order.status} until the venue says`,
        );
      }
    }
  }
  await recordVenueAnswers(core, outcomes);
}

/** Applies acknowledgements and refusals through the status machine in one transaction. */
export async function recordVenueAnswers(core: ManagerCore, outcomes: readonly Outcome[]): Promise<void> {
  const applied: { o: Outcome; from: OrderStatus }[] = [];
  const now = core.clock.now();
  {
    await using db = await DatabaseContext.open(core.database);
    for (const o of outcomes) {
      const from = o.t.order.status;
      // A fill may have moved the order on before the answer is recorded: the answer adds nothing then.
      if (from !== "submitted") continue;
      const event = o.to === "open" ? "accept" : "reject";
      o.t.order.transition(event, { at: now });
      const saved = await db.orders.updateOrderStatus(o.t.order.id as number, o.to, o.venueOrderId);
      if (o.to === "rejected")
        await db.events.logEvent(
          "order_rejected",
          "warning",
          `order ${o.t.order.clientOrderId} rejected: ${o.reason}`,
          { clientOrderId: o.t.order.clientOrderId, botId: o.t.order.botId, reason: o.reason },
          o.t.order.symbol,
        );
      applied.push({ o: { ...o, t: { ...o.t, order: saved } }, from });
    }
    await db.commit();
  }
  const entries = [];
  for (const { o, from } of applied) {
    o.t.order = o.t.order.with({ updatedAt: now });
    const tracked = core.book.get(o.t.order.clientOrderId);
    if (tracked) {
      tracked.order = o.t.order;
      if (o.to === "rejected") tracked.reasons = [o.reason];
    }
    const t = tracked ?? o.t;
    logTransition(core, t, from, o.to, o.reason);
    entries.push({
      exchange: t.order.exchange,
      clientOrderId: t.order.clientOrderId,
      status: t.order.status,
      data: { ...statusData(t, now) },
    });
    if (o.to === "rejected") core.book.delete(t.order.clientOrderId);
  }
  await core.status.write(entries);
}
