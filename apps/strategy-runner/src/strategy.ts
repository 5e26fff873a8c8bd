import type { Ticker } from "@tradekit/cache";
import type { Candle, Decimal, DecimalInput, Order, OrderSide, OrderStatus, PnlResult, Timeframe } from "@tradekit/domain";
import type { Logger } from "pino";

/** A closed candle of one series, as the runner receives it (from the store, from ticks, or from a replay). */
export interface ClosedCandle {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Exact prices; `candle.time` is the bucket start. */
  readonly candle: Candle;
}

/** A closed candle of one of the strategy's feeds. */
export interface StrategyCandle extends ClosedCandle {
  /** Index of the feed among the strategy's feeds (0 = the one it trades). */
  readonly feed: number;
  /** The bar's last millisecond (bucket start + timeframe - 1 ms): the signal time of what the strategy does now. */
  readonly closeTime: Date;
}

/** One of the strategy's feeds with what the runner keeps of it. */
export interface FeedView {
  readonly index: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The newest closed candle (warm-up included); null before the first. */
  readonly lastCandle: Candle | null;
  /** Recent closed candles, oldest first: at least as many as the warm-up of the feed's indicators. */
  readonly history: readonly Candle[];
}

/** A change of one of the strategy's orders, read from the order status cache (or the dry-run fill). */
export interface OrderUpdate {
  readonly clientOrderId: string;
  /** The request as the strategy sent it. */
  readonly order: Order;
  readonly signal: string;
  readonly status: OrderStatus;
  /** The status the runner knew before; null for the first status it sees. */
  readonly previousStatus: OrderStatus | null;
  readonly filledVolume: Decimal;
  /** Average price of what is filled; null while nothing is. */
  readonly avgFillPrice: Decimal | null;
  /** Fee paid so far, in quote currency. */
  readonly fee: Decimal;
  /** Why the order manager denied or the venue rejected it (empty otherwise). */
  readonly reasons: readonly string[];
  readonly time: Date;
}

/** A fill of one of the strategy's orders (the part filled since the last update). */
export interface StrategyFill {
  readonly clientOrderId: string;
  /** The request as the strategy sent it (its stop and target included). */
  readonly order: Order;
  readonly signal: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** > 0; `side` gives the direction. */
  readonly volume: Decimal;
  readonly price: Decimal;
  readonly fee: Decimal;
  readonly time: Date;
}

/** The bot's position on the strategy's trading symbol, from the fills the runner has seen. */
export interface StrategyPosition {
  readonly symbol: string;
  /** Signed: > 0 long, < 0 short, 0 flat. */
  readonly volume: Decimal;
  /** Average open price; 0 when flat. */
  readonly avgPrice: Decimal;
  readonly isOpen: boolean;
  readonly isLong: boolean;
  readonly isShort: boolean;
  readonly realizedPnl: Decimal;
  /** PnL at `mark` (default the last price seen); null when there is neither. */
  pnl(mark?: DecimalInput): PnlResult | null;
}

/** How `buy` and `sell` size and protect an order. Give `volume` or `quoteAmount`. */
export interface OrderRequestOptions {
  /** Why: part of the client order id, recorded as the order's reason. */
  signal: string;
  /** Base currency volume; rounded down to the symbol's volume precision. */
  volume?: DecimalInput;
  /** Quote currency to spend: volume = quoteAmount / reference price, rounded down. */
  quoteAmount?: DecimalInput;
  /** A limit order at this price; a market order (reference price = the last price) when absent. */
  limitPrice?: DecimalInput;
  /** Stop-loss price, or `stopLossPct` percent away from the reference price. */
  stopLoss?: DecimalInput;
  stopLossPct?: DecimalInput;
  /** Take-profit price, or `takeProfitPct` percent away from the reference price. */
  takeProfit?: DecimalInput;
  takeProfitPct?: DecimalInput;
}

/** How `close` exits the position. */
export interface CloseOptions {
  signal: string;
  /** A limit exit at this price; a market exit when absent. */
  limitPrice?: DecimalInput;
}

/** What an indicator registered with the runner must offer (every trading-signals indicator does). */
export interface IndicatorLike<In = number> {
  add(input: In): unknown;
  readonly isStable: boolean;
  getRequiredInputs(): number;
}

/** What an indicator's `add` takes. */
export type IndicatorInput<I> = I extends { add(input: infer In): unknown } ? In : never;

/** Which value of a closed candle an indicator takes (floats: indicators are analysis, DESIGN.md §4). */
export type CandleSource = "open" | "high" | "low" | "close" | "volume" | "hl2" | "hlc3" | "ohlc4" | "candle";

/** A closed candle as floats, for indicators that take whole candles (ATR, stochastics, ...). */
export interface FloatCandle {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Where a registered indicator reads and how many candles it needs before its values count. */
export interface IndicatorOptions<In> {
  /** Feed index (default 0). */
  feed?: number;
  /** Default "close". */
  source?: CandleSource | ((candle: FloatCandle) => In);
  /** Candles before `indicatorsReady` (default the indicator's getRequiredInputs()). */
  warmup?: number;
}

/** What a strategy sees and does: its params, feeds, indicators, position, orders. */
export interface StrategyContext<P = Readonly<Record<string, unknown>>> {
  readonly params: P;
  readonly bot: { readonly id: number; readonly name: string; readonly dryRun: boolean };
  readonly botStrategyId: number;
  readonly strategyName: string;
  readonly feeds: readonly FeedView[];
  /** Feed 0: the one the strategy trades. */
  readonly feed: FeedView;
  /** True once every registered indicator has seen its warm-up of closed candles. */
  readonly indicatorsReady: boolean;
  readonly position: StrategyPosition;
  /** Requests of this strategy that are not finished (not filled, canceled, denied, rejected, expired). */
  readonly openOrders: readonly Order[];
  /** The last price of the trading symbol (last tick, or last close); null before any. */
  readonly lastPrice: Decimal | null;
  readonly log: Logger;
  /** The run's clock (a replay's time in a backtest). */
  now(): Date;
  /**
   * Registers an indicator (in `init` only): the runner adds each closed candle of the feed to it
   * before `onCandle`, warm-up candles included. Returns the indicator to read in the handlers.
   */
  indicator<I extends IndicatorLike<never>>(indicator: I, options?: IndicatorOptions<IndicatorInput<I>>): I;
  /** Sends a buy request (stop below, target above the price). Returns the order as sent. */
  buy(options: OrderRequestOptions): Order;
  /** Sends a sell request (stop above, target below the price). Returns the order as sent. */
  sell(options: OrderRequestOptions): Order;
  /** Sends the order that flattens the position (less what open exits already cover); null when nothing is left to close. */
  close(options: CloseOptions): Order | null;
}

/** A strategy's handlers; every one is optional and may be async. The runner calls them one at a time. */
export interface Strategy<P = Readonly<Record<string, unknown>>> {
  /** Once, before warm-up: register indicators here. */
  init?(ctx: StrategyContext<P>): void | Promise<void>;
  /** Each closed candle of any of its feeds (not the warm-up ones), after the indicators took it. */
  onCandle?(candle: StrategyCandle, ctx: StrategyContext<P>): void | Promise<void>;
  /** Each tick of a symbol of its feeds. */
  onTick?(ticker: Ticker, ctx: StrategyContext<P>): void | Promise<void>;
  /** Each status change of one of its orders. */
  onOrderUpdate?(update: OrderUpdate, ctx: StrategyContext<P>): void | Promise<void>;
  /** Each fill of one of its orders, after the position took it. */
  onTrade?(fill: StrategyFill, ctx: StrategyContext<P>): void | Promise<void>;
  /** Once, when the runner stops (or the strategy failed). */
  cleanup?(ctx: StrategyContext<P>): void | Promise<void>;
}
