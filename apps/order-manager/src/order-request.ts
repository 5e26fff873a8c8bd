import { ORDER_KEYS, Order } from "@tradekit/domain";

/** A request read from the new-orders stream: the order, or why it is not one. */
export interface ParsedRequest {
  /** Present when the request carries a usable client order id. */
  clientOrderId: string | null;
  /**
   * The request as a domain Order in status new, whenever one can be built from it — also when
   * `reasons` refuse it (a float where a decimal string is required, an unknown field): such an
   * order is stored as denied with its reasons. Null when no valid Order can be built (volume zero,
   * negative or not a number, a limit order without its price, ...): nothing storable exists then.
   */
  order: Order | null;
  /** Every problem found (empty when the request may go on to the risk checks). */
  reasons: string[];
}

const DECIMALS = ["volume", "price", "plimit", "stopLoss", "takeProfit", "finalVolume", "tick", "leverage"] as const;
const LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const KNOWN: ReadonlySet<string> = new Set(ORDER_KEYS);

// The orders table keeps these in varchar(255): a longer one cannot be stored, so it is no order.
const SHORT_TEXT = ["clientOrderId", "exchange", "symbol", "command"] as const;
const MAX_TEXT = 255;

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

/**
 * Reads a request as the runner sends it (`Order.toDict()` of an order in status new) and names
 * every problem, not only the first: decimals must be decimal strings (a float has already lost
 * its exactness), volume > 0, a limit order needs its price, and the domain Order's own rules.
 * A request without `createdAt` is stamped `now` (the manager's clock), never the wall clock.
 */
export function parseOrderRequest(raw: unknown, now: Date = new Date()): ParsedRequest {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { clientOrderId: null, order: null, reasons: [`the request must be an order object; got ${show(raw)}`] };
  }
  const r = raw as Record<string, unknown>;
  const clientOrderId = typeof r.clientOrderId === "string" && r.clientOrderId.trim() !== "" ? r.clientOrderId : null;
  const reasons: string[] = [];
  if (clientOrderId === null) reasons.push(`clientOrderId must be a non-empty string; got ${show(r.clientOrderId)}`);
  for (const key of Object.keys(r)) if (!KNOWN.has(key)) reasons.push(`unknown field ${JSON.stringify(key)}`);
  for (const key of DECIMALS) {
    const v = r[key];
    if (v === null || v === undefined) continue;
    if (typeof v !== "string") reasons.push(`${key} must be a decimal string such as "0.015"; got the ${typeof v} ${show(v)}`);
    else if (!LITERAL.test(v.trim())) reasons.push(`${key} must be a decimal number; got ${show(v)}`);
  }
  if (typeof r.volume === "string" && LITERAL.test(r.volume.trim()) && !(Number(r.volume) > 0))
    reasons.push(`volume must be greater than 0; got ${show(r.volume)}`);
  if (r.volume === null || r.volume === undefined) reasons.push("volume is missing");
  if ((r.orderType === "limit" || r.orderType === "stop_limit") && (r.price === null || r.price === undefined))
    reasons.push(`a ${String(r.orderType)} order needs its limit price; price is missing`);
  if (r.status !== undefined && r.status !== null && r.status !== "new")
    reasons.push(`a request must be an order in status "new"; got ${show(r.status)}`);
  for (const key of ["botId", "exId"] as const)
    if (!Number.isSafeInteger(r[key]) || (r[key] as number) <= 0)
      reasons.push(`${key} must be a whole number > 0; got ${show(r[key])}`);
  const tooLong = SHORT_TEXT.filter((key) => typeof r[key] === "string" && (r[key] as string).length > MAX_TEXT);
  for (const key of tooLong) reasons.push(`${key} is longer than ${MAX_TEXT} characters`);
  if (tooLong.length > 0) return { clientOrderId, order: null, reasons };
  const known = Object.fromEntries(Object.entries(r).filter(([key]) => KNOWN.has(key)));
  let order: Order | null = null;
  try {
    // A float is read by its shortest round-trip string (DESIGN.md §4): what the request said, kept to store its denial.
    order = Order.fromDict({
      ...known,
      createdAt: known.createdAt ?? now,
      clientOrderId,
      id: null,
      status: "new",
      finalVolume: null,
      exOrderId: null,
    });
  } catch (error) {
    if (reasons.length === 0) reasons.push(error instanceof Error ? error.message : String(error));
  }
  return { clientOrderId, order: clientOrderId === null ? null : order, reasons };
}
