import type { Decimal, Order, OrderSide, OrderType } from "@tradekit/domain";

/** What a venue says about one order it knows. */
export type VenueOrderStatus = "open" | "partially_filled" | "filled" | "canceled" | "rejected" | "expired";

/** The venue's acknowledgement of a submission: it has the order. */
export interface SubmitAck {
  clientOrderId: string;
  /** The venue's own id of the order; fills carry it. */
  venueOrderId: string;
  status: VenueOrderStatus;
  time: Date;
}

/** One order as the venue reports it (open orders, or a look-up by client order id). */
export interface VenueOrder {
  clientOrderId: string;
  venueOrderId: string;
  symbol: string;
  side: OrderSide;
  orderType: OrderType;
  volume: Decimal;
  price: Decimal | null;
  status: VenueOrderStatus;
  filledVolume: Decimal;
  /** Why the venue ended it (rejected, canceled by the venue), when it says. */
  reason: string | null;
  updatedAt: Date;
}

/** One fill as the venue reports it; `tradeId` is unique per account, so a replayed fill books once. */
export interface VenueFill {
  tradeId: string;
  clientOrderId: string;
  venueOrderId: string;
  symbol: string;
  side: OrderSide;
  orderType: OrderType;
  volume: Decimal;
  price: Decimal;
  /** In `feeCurrency`; negative for a rebate. */
  fee: Decimal;
  feeCurrency: string;
  time: Date;
}

/** A position the venue holds for the account (signed volume: negative = short). */
export interface VenuePosition {
  symbol: string;
  volume: Decimal;
}

/** A balance the venue holds for the account. */
export interface VenueBalance {
  currency: string;
  free: Decimal;
  locked: Decimal;
  total: Decimal;
}

/** Something that happened at the venue to one order: the manager turns it into an order event. */
export type VenueEvent =
  | { type: "fill"; fill: VenueFill }
  | { type: "canceled"; clientOrderId: string; venueOrderId: string; reason: string | null; time: Date }
  | { type: "expired"; clientOrderId: string; venueOrderId: string; time: Date }
  | { type: "rejected"; clientOrderId: string; venueOrderId: string | null; reason: string; time: Date };

/** Stops listening. */
export type StopListening = () => void;

/**
 * Where orders are executed: the paper venue, or a live exchange. Commands (submit, cancel, amend)
 * never change an order in the manager; their answers and the events a venue reports do.
 * - `submit` resolves with an acknowledgement, throws VenueRejectedError for an explicit refusal,
 *   and anything else (VenueUnavailableError, a timeout) leaves the order in flight: ambiguous is not failed.
 * - A submission is idempotent by `order.clientOrderId`: sending the same order again after a crash
 *   returns the order the venue already has.
 */
export interface ExecutionVenue {
  /** The catalog exchange name this venue trades on ("paper", "binance", ...). */
  readonly exchange: string;
  submit(order: Order): Promise<SubmitAck>;
  /** Asks the venue to cancel; the outcome arrives as a `canceled` event (or a fill that won the race). */
  cancel(clientOrderId: string, symbol: string): Promise<void>;
  /** Asks the venue to change a resting order's price and/or volume. */
  amend(clientOrderId: string, symbol: string, changes: { price?: Decimal; volume?: Decimal }): Promise<void>;
  /** What the venue knows of one order, or null when it never heard of it. */
  getOrder(clientOrderId: string, symbol: string): Promise<VenueOrder | null>;
  /** Orders still working at the venue. */
  openOrders(): Promise<VenueOrder[]>;
  positions(): Promise<VenuePosition[]>;
  balances(): Promise<VenueBalance[]>;
  /** Fills at or after `since`, oldest first. */
  fillsSince(since: Date): Promise<VenueFill[]>;
  /** Called when a manager takes the account over: pick up what the previous owner left (optional). */
  resume?(): Promise<void>;
  /** Reports events to `listener` until the returned function is called. */
  onEvent(listener: (event: VenueEvent) => void): StopListening;
}
