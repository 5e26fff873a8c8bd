import { describe, expect, it } from "vitest";
import { InvalidOrderTransition } from "./errors.js";
import {
  assertStatusChange,
  canChangeStatus,
  canReachStatus,
  isOrderStatus,
  isTerminalStatus,
  OPEN_ORDER_STATUSES,
  ORDER_EVENTS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderEvent,
  type OrderStatus,
  transitionOrder,
} from "./order-status.js";

// Written from DESIGN.md §6 independently of the table in order-status.ts: every allowed
// (status, event) and where it leads. "previous" = back to the status before pending_*.
// Any pair not listed here must throw.
const EXPECTED = `
  new deny -> denied
  new submit -> submitted
  new cancel -> canceled
  submitted accept -> open
  submitted partial_fill -> partially_filled
  submitted fill -> filled
  submitted cancel -> canceled
  submitted reject -> rejected
  submitted expire -> expired
  submitted timeout -> submitted
  open partial_fill -> partially_filled
  open fill -> filled
  open request_cancel -> pending_cancel
  open request_update -> pending_update
  open cancel -> canceled
  open expire -> expired
  partially_filled partial_fill -> partially_filled
  partially_filled fill -> filled
  partially_filled request_cancel -> pending_cancel
  partially_filled request_update -> pending_update
  partially_filled cancel -> canceled
  partially_filled expire -> expired
  pending_cancel cancel -> canceled
  pending_cancel cancel_failed -> previous
  pending_cancel partial_fill -> pending_cancel
  pending_cancel fill -> filled
  pending_cancel expire -> expired
  pending_cancel timeout -> pending_cancel
  pending_update update_done -> previous
  pending_update update_failed -> previous
  pending_update partial_fill -> pending_update
  pending_update fill -> filled
  pending_update cancel -> canceled
  pending_update expire -> expired
  pending_update timeout -> pending_update
  canceled partial_fill -> canceled
  canceled fill -> filled
  expired partial_fill -> expired
  expired fill -> filled
`;

const expected = new Map<string, string>();
for (const line of EXPECTED.trim().split("\n")) {
  const [status, event, arrow, next] = line.trim().split(/\s+/);
  if (arrow !== "->" || !status || !event || !next) throw new Error(`bad expectation line: ${line}`);
  expected.set(`${status} ${event}`, next);
}
const pairs = ORDER_STATUSES.flatMap((s) => ORDER_EVENTS.map((e) => [s, e] as [OrderStatus, OrderEvent]));
const RETURNABLE: OrderStatus[] = ["open", "partially_filled"];

describe("the transition table", () => {
  it("has exactly the expected entries, no more, no fewer", () => {
    const fromTable = new Map<string, string>();
    for (const [status, events] of Object.entries(ORDER_TRANSITIONS)) {
      for (const [event, next] of Object.entries(events)) fromTable.set(`${status} ${event}`, next);
    }
    expect(Object.fromEntries(fromTable)).toEqual(Object.fromEntries(expected));
    // Every name in the expectation list is a real status/event, so a typo there cannot hide.
    for (const [key, next] of expected) {
      const [status, event] = key.split(" ");
      expect(ORDER_STATUSES).toContain(status);
      expect(ORDER_EVENTS).toContain(event);
      if (next !== "previous") expect(ORDER_STATUSES).toContain(next);
    }
  });

  it.each(pairs)("%s + %s follows the expectation list", (status, event) => {
    const next = expected.get(`${status} ${event}`);
    if (next === undefined) {
      expect(() => transitionOrder(status, event)).toThrow(InvalidOrderTransition);
      for (const p of ORDER_STATUSES) expect(() => transitionOrder(status, event, p)).toThrow(InvalidOrderTransition);
    } else if (next === "previous") {
      for (const p of ORDER_STATUSES) {
        if (RETURNABLE.includes(p)) expect(transitionOrder(status, event, p)).toBe(p);
        else
          expect(() => transitionOrder(status, event, p)).toThrow(
            /pass that status as previous \(one of open, partially_filled\)/,
          );
      }
      expect(() => transitionOrder(status, event)).toThrow(/got none/);
    } else {
      expect(transitionOrder(status, event)).toBe(next);
      // `previous` is ignored where the table does not ask for it.
      expect(transitionOrder(status, event, "open")).toBe(next);
    }
  });
});

describe("transitionOrder", () => {
  it("names the status and event it refused", () => {
    let caught: unknown;
    try {
      transitionOrder("filled", "request_cancel");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidOrderTransition);
    const err = caught as InvalidOrderTransition;
    expect(err.code).toBe("INVALID_ORDER_TRANSITION");
    expect(err.from).toBe("filled");
    expect(err.event).toBe("request_cancel");
    expect(err.message).toBe('an order in status "filled" cannot take event "request_cancel"');
  });

  it("refuses unknown statuses and events from untyped callers, including Object.prototype names", () => {
    expect(() => transitionOrder("bogus" as OrderStatus, "fill")).toThrow(InvalidOrderTransition);
    expect(() => transitionOrder("open", "amend" as OrderEvent)).toThrow(InvalidOrderTransition);
    expect(() => transitionOrder("open", "toString" as OrderEvent)).toThrow(InvalidOrderTransition);
    expect(() => transitionOrder("constructor" as OrderStatus, "fill")).toThrow(InvalidOrderTransition);
  });

  it("walks the messy venue story: partial fill while cancel is pending, cancel fails, late fill after cancel", () => {
    let s: OrderStatus = "new";
    s = transitionOrder(s, "submit");
    s = transitionOrder(s, "timeout");
    expect(s).toBe("submitted");
    s = transitionOrder(s, "accept");
    s = transitionOrder(s, "partial_fill");
    const before = s;
    s = transitionOrder(s, "request_cancel");
    s = transitionOrder(s, "partial_fill");
    expect(s).toBe("pending_cancel");
    s = transitionOrder(s, "cancel_failed", before);
    expect(s).toBe("partially_filled");
    s = transitionOrder(s, "request_cancel");
    s = transitionOrder(s, "cancel");
    s = transitionOrder(s, "partial_fill");
    expect(s).toBe("canceled");
    expect(transitionOrder(s, "fill")).toBe("filled");
  });
});

describe("canChangeStatus / assertStatusChange", () => {
  const reachable = (from: OrderStatus, to: OrderStatus): boolean =>
    [...expected].some(
      ([key, next]) => key.startsWith(`${from} `) && (next === to || (next === "previous" && RETURNABLE.includes(to))),
    );

  it.each(ORDER_STATUSES.flatMap((f) => ORDER_STATUSES.map((t) => [f, t] as const)))(
    "%s -> %s agrees with the expectation list",
    (from, to) => {
      expect(canChangeStatus(from, to)).toBe(reachable(from, to));
      if (reachable(from, to)) expect(() => assertStatusChange(from, to)).not.toThrow();
      else expect(() => assertStatusChange(from, to)).toThrow(`an order in status "${from}" cannot become "${to}"`);
    },
  );
});

describe("terminal and open statuses", () => {
  it("terminal: the order no longer works at the venue", () => {
    expect(ORDER_STATUSES.filter(isTerminalStatus)).toEqual(["denied", "filled", "canceled", "rejected", "expired"]);
  });

  it("open statuses are exactly the non-terminal ones", () => {
    expect(OPEN_ORDER_STATUSES).toEqual(["new", "submitted", "open", "partially_filled", "pending_cancel", "pending_update"]);
  });

  it("no event leads out of denied, filled or rejected", () => {
    for (const s of ["denied", "filled", "rejected"] as const) {
      for (const t of ORDER_STATUSES) expect(canChangeStatus(s, t)).toBe(false);
    }
  });

  it("isOrderStatus recognises exactly the statuses", () => {
    expect(ORDER_STATUSES.every(isOrderStatus)).toBe(true);
    expect(isOrderStatus("cancelled")).toBe(false);
    expect(isOrderStatus("hasOwnProperty")).toBe(false);
    expect(isOrderStatus(1)).toBe(false);
  });
});

describe("canReachStatus", () => {
  it("follows the table through any number of events, never backwards", () => {
    expect(canReachStatus("new", "filled")).toBe(true);
    expect(canReachStatus("submitted", "pending_cancel")).toBe(true);
    expect(canReachStatus("canceled", "filled")).toBe(true);
    expect(canReachStatus("partially_filled", "partially_filled")).toBe(true);
    expect(canReachStatus("filled", "new")).toBe(false);
    expect(canReachStatus("canceled", "open")).toBe(false);
    expect(canReachStatus("rejected", "filled")).toBe(false);
    expect(canReachStatus("new", "bogus" as OrderStatus)).toBe(false);
    expect(canReachStatus("bogus" as OrderStatus, "new")).toBe(false);
    // every single step is a reachable one
    for (const from of ORDER_STATUSES)
      for (const to of ORDER_STATUSES) if (canChangeStatus(from, to)) expect(canReachStatus(from, to)).toBe(true);
  });
});
