import type { Decimal, Position, TradeResult } from "@tradekit/domain";

/** One fill of a stream as the replay needs it. */
export interface StreamFill {
  /** Signed: > 0 buys, < 0 sells. */
  volume: Decimal;
  price: Decimal;
  fee: Decimal;
}

/** What a fill did: the domain TradeResult (its closedVolume fills the closed_volume column). */
export interface FillOutcome {
  result: TradeResult;
}

/**
 * Replays `fills` in order through `position` (flat, or restored from a checkpoint) and returns each fill's
 * outcome. The closed volume (TradeResult.closedVolume) is the part of a fill that went against the open
 * position (all of it up to the position's size); statistics count a fill as a closed trade when it is > 0.
 */
export function replayStream(position: Position, fills: readonly StreamFill[]): FillOutcome[] {
  const out: FillOutcome[] = new Array(fills.length);
  for (let i = 0; i < fills.length; i++) {
    out[i] = { result: position.addTrade(fills[i] as StreamFill) };
  }
  return out;
}
