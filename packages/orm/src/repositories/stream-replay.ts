import { Decimal, Position, type PositionMethod, type TradeResult } from "@tradekit/domain";

/** One fill of a stream as the replay needs it. */
export interface StreamFill {
  /** Signed: > 0 buys, < 0 sells. */
  volume: Decimal;
  price: Decimal;
  fee: Decimal;
}

/** What a fill did: the domain TradeResult plus how much of it closed an open position. */
export interface FillOutcome {
  result: TradeResult;
  closedVolume: Decimal;
}

const ZERO = new Decimal(0);

/**
 * Replays `fills` in order through one domain Position, starting flat, and returns each fill's
 * outcome. The closed volume is the part of a fill that went against the open position (all of it
 * up to the position's size); statistics count a fill as a closed trade when it is > 0.
 */
export function replayStream(
  symbol: string,
  exId: number | null,
  method: PositionMethod,
  fills: readonly StreamFill[],
): FillOutcome[] {
  const position = new Position({ symbol, exId, method });
  const out: FillOutcome[] = new Array(fills.length);
  for (let i = 0; i < fills.length; i++) {
    const fill = fills[i] as StreamFill;
    const before = position.volume;
    const opposite = !before.isZero() && before.isNeg() !== fill.volume.isNeg();
    const closedVolume = opposite ? Decimal.min(before.abs(), fill.volume.abs()) : ZERO;
    out[i] = { result: position.addTrade(fill), closedVolume };
  }
  return out;
}
