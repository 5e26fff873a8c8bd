import { type Decimal, type DecimalInput, toPositiveDecimal, toUtcDate, ValidationError } from "@tradekit/domain";
import { amountText, compareDecimalText } from "./decimal-text.js";
import { inStoreRange, outOfStoreRange } from "./time-bounds.js";

/** A public trade as an exchange reports it. `tradeId` keeps two trades of the same instant apart. */
export interface RawTradeInput {
  tradeId: string | number;
  time: Date | number | string;
  price: DecimalInput;
  volume: DecimalInput;
  side?: "buy" | "sell" | null;
}

/** A stored raw trade, exact. */
export interface RawTrade {
  readonly tradeId: string;
  readonly time: Date;
  readonly price: Decimal;
  readonly volume: Decimal;
  readonly side: "buy" | "sell" | null;
}

/** A validated raw trade on its way to the database. */
export interface RawTradeRecord {
  tradeId: string;
  time: number;
  price: string;
  volume: string;
  side: "buy" | "sell" | null;
}

function toRecord(input: RawTradeInput): RawTradeRecord {
  const tradeId = typeof input.tradeId === "number" ? String(input.tradeId) : input.tradeId;
  if (typeof tradeId !== "string" || tradeId.length === 0)
    throw ValidationError.invalid("tradeId", input.tradeId, "a non-empty id");
  const time =
    typeof input.time === "number" && Number.isSafeInteger(input.time) ? input.time : toUtcDate(input.time, "time").getTime();
  if (!inStoreRange(time)) throw outOfStoreRange(time);
  if (tradeId.includes("\u0000")) throw ValidationError.invalid("tradeId", tradeId, "an id without NUL characters");
  const price = amountText(input.price, "price");
  const volume = amountText(input.volume, "volume");
  if (compareDecimalText(price, "0") <= 0) throw ValidationError.invalid("price", price, "greater than 0");
  if (compareDecimalText(volume, "0") <= 0) throw ValidationError.invalid("volume", volume, "greater than 0");
  const side = input.side ?? null;
  if (side !== null && side !== "buy" && side !== "sell") throw ValidationError.invalid("side", side, '"buy", "sell" or null');
  return { tradeId, time, price, volume, side };
}

/** Validates a batch of raw trades; the first bad one throws ValidationError.inRow. */
export function toRawTradeRecords(inputs: readonly RawTradeInput[]): RawTradeRecord[] {
  return inputs.map((input, i) => {
    try {
      return toRecord(input);
    } catch (error) {
      throw ValidationError.inRow(i, error, "trade");
    }
  });
}

/** A raw trade row from the database as exact values. */
export function rawTradeFromRow(r: {
  trade_id: string;
  time: Date;
  price: string;
  volume: string;
  side: string | null;
}): RawTrade {
  return {
    tradeId: r.trade_id,
    time: r.time,
    price: toPositiveDecimal(r.price, "price"),
    volume: toPositiveDecimal(r.volume, "volume"),
    side: r.side as RawTrade["side"],
  };
}
