import type { Decimal, DecimalInput } from "@tradekit/domain";
import { ValidationError } from "@tradekit/domain";
import { positiveAmountText, readDecimal, timeMs } from "./codec.js";

/** One public trade from an exchange feed, before it is stored as a time series. */
export interface RawTradeInput {
  exTradeId?: string | null;
  price: DecimalInput;
  volume: DecimalInput;
  side: "buy" | "sell";
  time: Date | number | string;
}

export interface RawTrade {
  exTradeId: string | null;
  price: Decimal;
  volume: Decimal;
  side: "buy" | "sell";
  time: Date;
}

interface StoredRawTrade {
  id: string | null;
  price: string;
  volume: string;
  side: "buy" | "sell";
  time: number;
}

/** The JSON stored for one raw trade. */
export function encodeRawTrade(t: RawTradeInput): string {
  if (t.side !== "buy" && t.side !== "sell") throw ValidationError.invalid("trade.side", t.side, '"buy" or "sell"');
  const stored: StoredRawTrade = {
    id: t.exTradeId ?? null,
    price: positiveAmountText(t.price, "trade.price"),
    volume: positiveAmountText(t.volume, "trade.volume"),
    side: t.side,
    time: timeMs(t.time, "trade.time"),
  };
  return JSON.stringify(stored);
}

/** A stored raw trade back to its API form. */
export function decodeRawTrade(text: string): RawTrade {
  const s = JSON.parse(text) as StoredRawTrade;
  return {
    exTradeId: s.id,
    price: readDecimal(s.price, "trade.price"),
    volume: readDecimal(s.volume, "trade.volume"),
    side: s.side,
    time: new Date(s.time),
  };
}
