import { Serial } from "./serial.js";

/**
 * The manager's writers: requests and venue events each run one piece at a time, and may overlap
 * each other (a booking of fills while the next requests are checked and saved: they touch
 * different rows, and an order's events can only arrive after its request is done). Work that
 * touches both — reconciliation, the kill switch's cancels, cancels — runs alone.
 */
export class Lanes {
  readonly requests = new Serial();
  readonly events = new Serial();

  /** Runs `work` once both lanes are idle, holding both until it settles. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.requests.run(() => this.events.run(work));
  }
}
