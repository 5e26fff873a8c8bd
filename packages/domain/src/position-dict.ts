import { type DecimalInput, toDecimal, toPositiveDecimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { type Exact, fromDecimal, isNeg, mulAbs, toFixedString } from "./exact.js";
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
  /**
   * Open lots, oldest first; decimals as exact strings. `baseQty` and `baseFee` (when the lot is
   * partly closed) and `baseCost` (an average lot after a merge) are what its remaining fee and
   * cost are derived from, rounded once: fee = baseFee x |qty| / |baseQty|.
   */
  lots: { qty: string; price: string; cost: string; fee: string; baseQty?: string; baseFee?: string; baseCost?: string }[];
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
const LOT_KEYS = ["qty", "price", "cost", "fee", "baseQty", "baseFee", "baseCost"];

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
  const price = toPositiveDecimal(lot.price as DecimalInput, `lots[${i}].price`);
  const cost = toPositiveDecimal(lot.cost as DecimalInput, `lots[${i}].cost`);
  const fee = toDecimal(lot.fee as DecimalInput, `lots[${i}].fee`);
  if ((lot.baseQty === undefined) !== (lot.baseFee === undefined))
    throw ValidationError.invalid(`lots[${i}].baseQty`, lot.baseQty ?? null, "given together with baseFee, or neither");
  let baseQty = qty;
  let baseFee = fee;
  if (lot.baseQty !== undefined) {
    baseQty = toDecimal(lot.baseQty as DecimalInput, `lots[${i}].baseQty`);
    if (baseQty.isNeg() !== qty.isNeg() || baseQty.abs().lt(qty.abs()))
      throw ValidationError.invalid(`lots[${i}].baseQty`, lot.baseQty, `the sign of qty and at least |qty| (${qty.abs()})`);
    baseFee = toDecimal(lot.baseFee as DecimalInput, `lots[${i}].baseFee`);
  }
  // Without baseCost the cost is |qty| x price, or a basis older dicts kept beside a rounded
  // average price: that basis is then the base of what remains.
  const exactCost = cost.eq(mulAbs(fromDecimal(qty), fromDecimal(price)));
  const baseCost =
    lot.baseCost !== undefined ? toPositiveDecimal(lot.baseCost as DecimalInput, `lots[${i}].baseCost`) : exactCost ? null : cost;
  return {
    qty: fromDecimal(qty),
    price: fromDecimal(price),
    cost: baseCost === null ? null : fromDecimal(cost),
    fee: fromDecimal(fee),
    baseQty: fromDecimal(baseQty),
    baseFee: fromDecimal(baseFee),
    baseCost: baseCost === null ? null : fromDecimal(baseCost),
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
