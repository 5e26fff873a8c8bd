import { Trade, type TradeResult } from "@tradekit/domain";

/** Two reports of one venue fill agree on everything that defines it (a replay, not a conflict). */
export function sameFill(a: Trade, b: Trade): boolean {
  return (
    a.exId === b.exId &&
    a.exTradeId === b.exTradeId &&
    a.symbol === b.symbol &&
    a.side === b.side &&
    a.volume.eq(b.volume) &&
    a.price.eq(b.price) &&
    a.fee.eq(b.fee) &&
    a.time.getTime() === b.time.getTime()
  );
}

/** `trade` as stored: with its row id and computed result. */
export function withIdAndResult(trade: Trade, id: number, result: TradeResult): Trade {
  return Trade.create({ ...trade, id, result });
}
