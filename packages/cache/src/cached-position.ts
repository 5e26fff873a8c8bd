import type { Decimal, DecimalInput } from "@tradekit/domain";
import { Decimal as D, ValidationError } from "@tradekit/domain";
import { amountText, decimalText, nonNegativeAmountText, positiveAmountText, readDecimal, readOptionalDecimal } from "./codec.js";

/** An exchange position as an account feed reports it. `volume` is signed: negative = short. */
export interface PositionInput {
  symbol: string;
  volume: DecimalInput;
  avgPrice?: DecimalInput;
  unrealizedPnl?: DecimalInput;
  realizedPnl?: DecimalInput;
  markPrice?: DecimalInput | null;
  leverage?: DecimalInput;
}

/** A cached exchange position; `updatedAt` null means there is none (volume 0). */
export interface CachedPosition {
  symbol: string;
  exId: number;
  volume: Decimal;
  avgPrice: Decimal;
  unrealizedPnl: Decimal;
  realizedPnl: Decimal;
  markPrice: Decimal | null;
  leverage: Decimal;
  updatedAt: Date | null;
}

interface StoredPosition {
  symbol: string;
  volume: string;
  avgPrice: string;
  unrealizedPnl: string;
  realizedPnl: string;
  markPrice: string | null;
  leverage: string;
  updatedAt: number;
}

/** The JSON stored for one position. */
export function encodePosition(p: PositionInput, updatedAt: number): string {
  if (typeof p.symbol !== "string" || p.symbol.length === 0)
    throw ValidationError.invalid("position.symbol", p.symbol, "a non-empty symbol");
  const stored: StoredPosition = {
    symbol: p.symbol,
    // volume and prices are amounts (avgPrice 0 when flat); PnL, possibly an exact sum longer than an amount, is any decimal
    volume: amountText(p.volume, "position.volume"),
    avgPrice: nonNegativeAmountText(p.avgPrice ?? 0, "position.avgPrice"),
    unrealizedPnl: decimalText(p.unrealizedPnl ?? 0, "position.unrealizedPnl"),
    realizedPnl: decimalText(p.realizedPnl ?? 0, "position.realizedPnl"),
    markPrice: p.markPrice === null || p.markPrice === undefined ? null : positiveAmountText(p.markPrice, "position.markPrice"),
    leverage: positiveAmountText(p.leverage ?? 1, "position.leverage"),
    updatedAt,
  };
  return JSON.stringify(stored);
}

/** A stored position (or none) back to its API form; none is a flat position. */
export function decodePosition(exId: number, symbol: string, text: string | null): CachedPosition {
  if (text === null) {
    const zero = new D(0);
    return {
      symbol,
      exId,
      volume: zero,
      avgPrice: zero,
      unrealizedPnl: zero,
      realizedPnl: zero,
      markPrice: null,
      leverage: new D(1),
      updatedAt: null,
    };
  }
  const s = JSON.parse(text) as StoredPosition;
  return {
    symbol: s.symbol,
    exId,
    volume: readDecimal(s.volume, "position.volume"),
    avgPrice: readDecimal(s.avgPrice, "position.avgPrice"),
    unrealizedPnl: readDecimal(s.unrealizedPnl, "position.unrealizedPnl"),
    realizedPnl: readDecimal(s.realizedPnl, "position.realizedPnl"),
    markPrice: readOptionalDecimal(s.markPrice, "position.markPrice"),
    leverage: readDecimal(s.leverage, "position.leverage"),
    updatedAt: new Date(s.updatedAt),
  };
}
