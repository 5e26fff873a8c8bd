import { VenueRejectedError } from "../venue/venue-errors.js";
import type { ManagerCore } from "./manager-core.js";
import type { TrackedOrder } from "./tracked-order.js";

/**
 * Sends orders already saved as `submitted` to their venue. The answers are events like any
 * other (DESIGN.md §10: a command changes no order): an acknowledgement becomes `accepted`, an
 * explicit refusal `rejected`, both queued for the next booking, so an acknowledgement and the
 * fill that follows it are booked in one transaction. Anything else (a timeout, a lost
 * acknowledgement) leaves the order in flight for the reconciliation to resolve by asking the venue.
 */
export async function sendOrders(core: ManagerCore, orders: readonly TrackedOrder[]): Promise<void> {
  for (const t of orders) {
    const exId = t.order.exId as number;
    const venue = core.venues.get(exId);
    t.sentAt = Date.now();
    if (!venue) {
      core.logger.error({ clientOrderId: t.order.clientOrderId, exId }, "no venue for the order's account");
      continue;
    }
    try {
      const ack = await venue.submit(t.order);
      core.enqueue(exId, [
        { type: "accepted", clientOrderId: t.order.clientOrderId, venueOrderId: ack.venueOrderId, time: ack.time },
      ]);
    } catch (error) {
      if (error instanceof VenueRejectedError) {
        core.enqueue(exId, [
          {
            type: "rejected",
            clientOrderId: t.order.clientOrderId,
            venueOrderId: null,
            reason: error.reason,
            time: core.clock.now(),
          },
        ]);
      } else {
        core.counters.unanswered = (core.counters.unanswered ?? 0) + 1;
        core.logger.warn(
          { clientOrderId: t.order.clientOrderId, botId: t.order.botId, symbol: t.order.symbol, err: error },
          `order ${t.order.clientOrderId} got no answer from the venue: it stays ${t.order.status} until the venue says`,
        );
      }
    }
  }
}
