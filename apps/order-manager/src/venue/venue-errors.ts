import { TradekitError } from "@tradekit/domain";

/** The venue explicitly refused an order: the one answer that makes an order `rejected`. */
export class VenueRejectedError extends TradekitError {
  constructor(
    readonly clientOrderId: string,
    readonly reason: string,
  ) {
    super("VENUE_REJECTED", `the venue rejected order ${clientOrderId}: ${reason}`, { details: { clientOrderId, reason } });
  }
}

/**
 * The venue did not answer (timeout, lost connection, lost acknowledgement): the order may or may
 * not be at the venue, so it stays in flight until reconciliation asks the venue.
 */
export class VenueUnavailableError extends TradekitError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("VENUE_UNAVAILABLE", message, options);
  }
}
