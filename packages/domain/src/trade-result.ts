import { type Decimal, type DecimalInput, toDecimal } from "./decimal.js";
import { ValidationError } from "./errors.js";

/** What one trade did to its position (DESIGN.md §5); stored on the trade row by saveTrades. */
export interface TradeResult {
  /** Realized PnL of this trade's closing part, fees deducted. */
  readonly roi: Decimal;
  /** roi / the cost basis this trade closed x 100; 0 when it closed nothing. */
  readonly roiPct: Decimal;
  /**
   * How much of the trade closed an open position, unsigned: 0 for a trade that only opened or
   * added, so an opening fill (0) and a break-even close (> 0, roi 0) tell apart.
   */
  readonly closedVolume: Decimal;
  /** Entry plus exit fee shares of the closing part. */
  readonly totalFee: Decimal;
  /** Signed position volume after the trade. */
  readonly curVolume: Decimal;
  /** Average open price after the trade; 0 when flat. */
  readonly curAvgPrice: Decimal;
  /** Open cost basis after the trade. */
  readonly curAvgCost: Decimal;
  /** Fees carried by the open lots after the trade. */
  readonly curFee: Decimal;
}

/** The JSON-safe form of a TradeResult: every field a decimal string. */
export type TradeResultDict = { [K in keyof TradeResult]: string };

const FIELDS = ["roi", "roiPct", "closedVolume", "totalFee", "curVolume", "curAvgPrice", "curAvgCost", "curFee"] as const;

/** `r` with every field as an exact decimal string. */
export function tradeResultToDict(r: TradeResult): TradeResultDict {
  return {
    roi: r.roi.toFixed(),
    roiPct: r.roiPct.toFixed(),
    closedVolume: r.closedVolume.toFixed(),
    totalFee: r.totalFee.toFixed(),
    curVolume: r.curVolume.toFixed(),
    curAvgPrice: r.curAvgPrice.toFixed(),
    curAvgCost: r.curAvgCost.toFixed(),
    curFee: r.curFee.toFixed(),
  };
}

/** Reads a TradeResult (decimals or decimal strings), naming `prefix.field` on a bad or missing value. */
export function toTradeResult(value: unknown, prefix = "result"): TradeResult {
  if (typeof value !== "object" || value === null)
    throw ValidationError.invalid(
      prefix,
      value,
      "an object with roi, roiPct, closedVolume, totalFee, curVolume, curAvgPrice, curAvgCost and curFee",
    );
  const record = value as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknownKeys.length > 0)
    throw ValidationError.invalid(
      `${prefix}.${unknownKeys[0]}`,
      record[unknownKeys[0]!],
      `absent: a trade result has only ${FIELDS.join(", ")}`,
    );
  const out: Partial<Record<(typeof FIELDS)[number], Decimal>> = {};
  for (const field of FIELDS) {
    const v = record[field];
    if (v === undefined || v === null) throw ValidationError.invalid(`${prefix}.${field}`, v, "a decimal");
    out[field] = toDecimal(v as DecimalInput, `${prefix}.${field}`);
  }
  return Object.freeze(out as TradeResult);
}
