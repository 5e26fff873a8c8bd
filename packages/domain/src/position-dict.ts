import { type DecimalInput, toDecimal, toPositiveDecimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { type Exact, fromDecimal, isNeg, toFixedString } from "./exact.js";
import type { OpenLot } from "./lot.js";

/** How opposite trades are matched against the open lots. */
export type PositionMethod = "fifo" | "average";
/** Both methods. */
export const POSITION_METHODS: readonly PositionMethod[] = Object.freeze(["fifo", "average"]);

/** The JSON-safe form of a Position: everything needed to continue it exactly. */
export interface PositionDict {
  symbol: string;
  exId: number | null;
  method: PositionMethod;
  /** Open lots, oldest first; decimals as exact strings. */
  lots: { qty: string; price: string; cost: string; fee: string }[];
  realizedPnl: string;
  closedCost: string;
}

/** A PositionDict read back into engine state. */
export interface PositionState {
  symbol: string;
  exId: number | null;
  method: PositionMethod;
  lots: OpenLot[];
  realized: Exact;
  closedCost: Exact;
}

const KEYS = ["symbol", "exId", "method", "lots", "realizedPnl", "closedCost"];
const LOT_KEYS = ["qty", "price", "cost", "fee"];

/** Checks the constructor options shared by `new Position` and `fromDict`. */
export function checkIdentity(symbol: unknown, exId: unknown, method: unknown): void {
  if (typeof symbol !== "string" || symbol.trim() === "")
    throw ValidationError.invalid("symbol", symbol, 'a non-empty string such as "BTC/USDT"');
  if (exId !== null && exId !== undefined && !Number.isSafeInteger(exId))
    throw ValidationError.invalid("exId", exId, "an integer exchange id or null");
  if (!(POSITION_METHODS as readonly unknown[]).includes(method))
    throw ValidationError.invalid("method", method, `one of ${POSITION_METHODS.join(", ")}`);
}

function rejectUnknown(record: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(record).filter((k) => !allowed.includes(k));
  if (extra.length > 0)
    throw ValidationError.invalid(
      `${where}${extra.join(", ")}`,
      record[extra[0]!],
      `absent: the known keys are ${allowed.join(", ")}`,
    );
}

function readLot(raw: unknown, i: number): OpenLot {
  if (typeof raw !== "object" || raw === null)
    throw ValidationError.invalid(`lots[${i}]`, raw, "an object with qty, price, cost and fee");
  const lot = raw as Record<string, unknown>;
  rejectUnknown(lot, LOT_KEYS, `lots[${i}].`);
  const qty = toDecimal(lot.qty as DecimalInput, `lots[${i}].qty`);
  if (qty.isZero()) throw ValidationError.invalid(`lots[${i}].qty`, lot.qty, "a non-zero signed quantity (an open lot)");
  return {
    qty: fromDecimal(qty),
    price: fromDecimal(toPositiveDecimal(lot.price as DecimalInput, `lots[${i}].price`)),
    cost: fromDecimal(toPositiveDecimal(lot.cost as DecimalInput, `lots[${i}].cost`)),
    fee: fromDecimal(toDecimal(lot.fee as DecimalInput, `lots[${i}].fee`)),
  };
}

/** Validates a PositionDict (unknown keys, lot signs, average's single lot) into engine state. */
export function readPositionDict(dict: unknown): PositionState {
  if (typeof dict !== "object" || dict === null)
    throw ValidationError.invalid("position", dict, "an object made by Position.toDict()");
  const d = dict as Record<string, unknown>;
  rejectUnknown(d, KEYS, "");
  const exId = d.exId ?? null;
  checkIdentity(d.symbol, exId, d.method);
  if (!Array.isArray(d.lots)) throw ValidationError.invalid("lots", d.lots, "an array of open lots");
  const lots = d.lots.map(readLot);
  const first = lots[0];
  for (const [i, lot] of lots.entries()) {
    if (first && isNeg(lot.qty) !== isNeg(first.qty))
      throw ValidationError.invalid(
        `lots[${i}].qty`,
        toFixedString(lot.qty),
        "the same sign as lots[0]: open lots are all long or all short",
      );
  }
  if (d.method === "average" && lots.length > 1)
    throw ValidationError.invalid("lots", d.lots.length, "at most 1 lot for method average");
  const closedCost = toDecimal(d.closedCost as DecimalInput, "closedCost");
  if (closedCost.isNeg() && !closedCost.isZero()) throw ValidationError.invalid("closedCost", d.closedCost, "0 or more");
  return {
    symbol: d.symbol as string,
    exId: exId as number | null,
    method: d.method as PositionMethod,
    lots,
    realized: fromDecimal(toDecimal(d.realizedPnl as DecimalInput, "realizedPnl")),
    closedCost: fromDecimal(closedCost),
  };
}
