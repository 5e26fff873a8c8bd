import { InvalidOrderTransition } from "./errors.js";

/** Where an order is in its life (DESIGN.md §6). */
export type OrderStatus =
  | "new"
  | "denied"
  | "submitted"
  | "open"
  | "partially_filled"
  | "filled"
  | "pending_cancel"
  | "pending_update"
  | "canceled"
  | "rejected"
  | "expired";

/** Every status, in the order an order usually passes through them. */
export const ORDER_STATUSES: readonly OrderStatus[] = Object.freeze([
  "new",
  "denied",
  "submitted",
  "open",
  "partially_filled",
  "filled",
  "pending_cancel",
  "pending_update",
  "canceled",
  "rejected",
  "expired",
]);

/** What can happen to an order: our own decisions, venue answers, and a request that got no answer (timeout). */
export type OrderEvent =
  | "deny"
  | "submit"
  | "accept"
  | "partial_fill"
  | "fill"
  | "request_cancel"
  | "cancel"
  | "cancel_failed"
  | "request_update"
  | "update_done"
  | "update_failed"
  | "reject"
  | "expire"
  | "timeout";

/** Every event. */
export const ORDER_EVENTS: readonly OrderEvent[] = Object.freeze([
  "deny",
  "submit",
  "accept",
  "partial_fill",
  "fill",
  "request_cancel",
  "cancel",
  "cancel_failed",
  "request_update",
  "update_done",
  "update_failed",
  "reject",
  "expire",
  "timeout",
]);

/** In the table: go back to the status the order had before pending_cancel / pending_update. */
export const PREVIOUS_STATUS = "previous";
type Next = OrderStatus | typeof PREVIOUS_STATUS;

/**
 * THE status machine: status -> event -> next status. Nothing else changes a status.
 * - timeout keeps the status (a request without an answer is not a rejection; reconcile later).
 * - A fill racing a cancel or an update: partial fills keep the order pending, a full fill ends it.
 * - Late fills after canceled/expired: a partial one is booked and the status stays, a full one
 *   means the venue filled the whole order before the cancel/expiry took effect.
 * - cancel_failed / update_failed and update_done return to `previous` (open or partially_filled).
 */
// biome-ignore format: a few events per line keep the table readable at a glance
export const ORDER_TRANSITIONS = Object.freeze({
  new: { deny: "denied", submit: "submitted", cancel: "canceled" },
  denied: {},
  submitted: {
    accept: "open", partial_fill: "partially_filled", fill: "filled",
    cancel: "canceled", reject: "rejected", expire: "expired", timeout: "submitted",
  },
  open: {
    partial_fill: "partially_filled", fill: "filled",
    request_cancel: "pending_cancel", request_update: "pending_update", cancel: "canceled", expire: "expired",
  },
  partially_filled: {
    partial_fill: "partially_filled", fill: "filled",
    request_cancel: "pending_cancel", request_update: "pending_update", cancel: "canceled", expire: "expired",
  },
  filled: {},
  pending_cancel: {
    cancel: "canceled", cancel_failed: PREVIOUS_STATUS, partial_fill: "pending_cancel", fill: "filled",
    expire: "expired", timeout: "pending_cancel",
  },
  pending_update: {
    update_done: PREVIOUS_STATUS, update_failed: PREVIOUS_STATUS, partial_fill: "pending_update", fill: "filled",
    cancel: "canceled", expire: "expired", timeout: "pending_update",
  },
  canceled: { partial_fill: "canceled", fill: "filled" },
  rejected: {},
  expired: { partial_fill: "expired", fill: "filled" },
} as const satisfies Record<OrderStatus, Partial<Record<OrderEvent, Next>>>);

// The rows too, so no caller can rewrite the machine at run time.
for (const row of Object.values(ORDER_TRANSITIONS)) Object.freeze(row);

const RETURNABLE: readonly OrderStatus[] = ["open", "partially_filled"];
const table: Readonly<Record<OrderStatus, Partial<Record<OrderEvent, Next>>>> = ORDER_TRANSITIONS;

const isStatus = (s: unknown): s is OrderStatus => typeof s === "string" && Object.hasOwn(table, s);

/** The status after `event`; `previous` is needed only where the table says PREVIOUS_STATUS. Throws InvalidOrderTransition. */
export function transitionOrder(status: OrderStatus, event: OrderEvent, previous?: OrderStatus): OrderStatus {
  const next = isStatus(status) ? table[status][event] : undefined;
  if (next === undefined || !Object.hasOwn(table[status], event)) throw new InvalidOrderTransition(status, event);
  if (next !== PREVIOUS_STATUS) return next;
  if (previous === undefined || !RETURNABLE.includes(previous)) {
    throw new InvalidOrderTransition(
      status,
      event,
      `${event} returns an order in status "${status}" to the status it had before; pass that status as previous ` +
        `(one of ${RETURNABLE.join(", ")}), got ${previous === undefined ? "none" : JSON.stringify(previous)}`,
    );
  }
  return previous;
}

/** True when some event leads from `from` to `to` (a table PREVIOUS_STATUS leads to open or partially_filled). */
export function canChangeStatus(from: OrderStatus, to: OrderStatus): boolean {
  if (!isStatus(from)) return false;
  return Object.values(table[from]).some((next) => next === to || (next === PREVIOUS_STATUS && RETURNABLE.includes(to)));
}

/** Throws InvalidOrderTransition unless canChangeStatus(from, to). */
export function assertStatusChange(from: OrderStatus, to: OrderStatus): void {
  if (!canChangeStatus(from, to)) {
    throw new InvalidOrderTransition(
      from,
      `-> ${to}`,
      `an order in status ${JSON.stringify(from)} cannot become ${JSON.stringify(to)}`,
    );
  }
}

// Every status each one can reach by one event or more (its own included), from the table.
const REACHABLE: Readonly<Record<OrderStatus, ReadonlySet<OrderStatus>>> = (() => {
  const statuses = Object.keys(table) as OrderStatus[];
  const out = {} as Record<OrderStatus, ReadonlySet<OrderStatus>>;
  for (const from of statuses) {
    const seen = new Set<OrderStatus>([from]);
    const todo = [from];
    while (todo.length > 0) {
      const at = todo.pop() as OrderStatus;
      for (const to of statuses) {
        if (!seen.has(to) && canChangeStatus(at, to)) {
          seen.add(to);
          todo.push(to);
        }
      }
    }
    out[from] = seen;
  }
  return out;
})();

/**
 * True when events can lead from `from` to `to` through any number of steps (none when equal):
 * the test for a writer that may skip the states in between (a status cache keeping only the
 * newest state). new -> filled is reachable, filled -> new never is.
 */
export function canReachStatus(from: OrderStatus, to: OrderStatus): boolean {
  return isStatus(from) && isStatus(to) && REACHABLE[from].has(to);
}

const TERMINAL: ReadonlySet<OrderStatus> = new Set(["denied", "filled", "canceled", "rejected", "expired"]);

/** True when the order no longer works at the venue (canceled and expired still book late fills). */
export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

/** Statuses of orders that are not finished yet, `new` included: what a reconciler must look at. */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = Object.freeze(ORDER_STATUSES.filter((s) => !TERMINAL.has(s)));

/** True when `value` is one of ORDER_STATUSES. */
export function isOrderStatus(value: unknown): value is OrderStatus {
  return isStatus(value);
}
