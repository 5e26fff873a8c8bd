import type { Decimal, Order } from "@tradekit/domain";
import type { ExecutionVenue, StopListening, VenueEvent } from "../../src/index.js";

/**
 * A venue whose event feed loses the events of chosen orders (a dropped websocket message): the
 * one fault a paper venue cannot produce by itself. Everything else is the wrapped venue's.
 */
export class LossyVenue implements ExecutionVenue {
  readonly lost = new Set<string>();

  constructor(readonly inner: ExecutionVenue) {}

  get exchange(): string {
    return this.inner.exchange;
  }

  submit(order: Order) {
    return this.inner.submit(order);
  }
  cancel(clientOrderId: string, symbol: string) {
    return this.inner.cancel(clientOrderId, symbol);
  }
  amend(clientOrderId: string, symbol: string, changes: { price?: Decimal; volume?: Decimal }) {
    return this.inner.amend(clientOrderId, symbol, changes);
  }
  getOrder(clientOrderId: string, symbol: string) {
    return this.inner.getOrder(clientOrderId, symbol);
  }
  openOrders() {
    return this.inner.openOrders();
  }
  positions() {
    return this.inner.positions();
  }
  balances() {
    return this.inner.balances();
  }
  fillsSince(since: Date) {
    return this.inner.fillsSince(since);
  }
  async resume() {
    await this.inner.resume?.();
  }
  onEvent(listener: (event: VenueEvent) => void): StopListening {
    return this.inner.onEvent((event) => {
      const cid = event.type === "fill" ? event.fill.clientOrderId : event.clientOrderId;
      if (!this.lost.has(cid)) listener(event);
    });
  }
}
