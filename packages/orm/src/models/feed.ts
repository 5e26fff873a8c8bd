import type { Timeframe } from "@tradekit/domain";

/** A candle feed of a bot strategy: a symbol and a timeframe, in the strategy's order. */
export interface Feed {
  readonly id: number;
  readonly botStrategyId: number;
  readonly symbolId: number;
  /** The symbol's name, e.g. "BTC/USDT". */
  readonly symbol: string;
  /** The catalog exchange's name. */
  readonly exchange: string;
  readonly timeframe: Timeframe;
  /** Position among the strategy's feeds (0 = the first, the one it trades). */
  readonly order: number;
}

/** What adding a feed takes. */
export interface FeedInput {
  readonly botStrategyId: number;
  readonly symbolId: number;
  /** A Timeframe or its name ("1m", "4h", ...). */
  readonly timeframe: Timeframe | string;
  /** Default: after the strategy's last feed. */
  readonly order?: number;
}

/** The fields of a feed that can change. */
export type FeedChanges = Partial<Omit<FeedInput, "botStrategyId">>;
