import { Decimal, type Position, type TradeResult } from "@tradekit/domain";

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
 * Replays `fills` in order through `position` (flat, or restored from a checkpoint) and returns each fill's
 * outcome. The closed volume is the part of a fill that went against the open position (all of it
 * up to the position's size); statistics count a fill as a closed trade when it is > 0.
 */
export function replayStream(position: Position, fills: readonly StreamFill[]): FillOutcome[] {
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
