export { Candle, type CandleDict, type CandleInput } from "./candle.js";
export {
  Decimal,
  type DecimalInput,
  isDecimal,
  toAmount,
  toDecimal,
  toNonNegativeAmount,
  toNonNegativeDecimal,
  toPositiveAmount,
  toPositiveDecimal,
} from "./decimal.js";
export { AMOUNT_RANGE, DECIMAL_LIMITS, type DecimalRange } from "./decimal-range.js";
export { DryTrade, type DryTradeDict, type DryTradeInput } from "./dry-trade.js";
export {
  CacheUnavailableError,
  ConfigError,
  ConstraintViolation,
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  DuplicateError,
  InvalidOrderTransition,
  NotFoundError,
  TradekitError,
  ValidationError,
} from "./errors.js";
export type { FillDict, FillInput } from "./fill-fields.js";
export type { LookupCache } from "./lookup-cache.js";
export type { Lot } from "./lot.js";
export { Order, type OrderDict } from "./order.js";
export { ORDER_KEYS, type OrderFields, type OrderInput } from "./order-input.js";
export {
  assertStatusChange,
  canChangeStatus,
  canReachStatus,
  isOrderStatus,
  isTerminalStatus,
  OPEN_ORDER_STATUSES,
  ORDER_EVENTS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderEvent,
  type OrderStatus,
  PREVIOUS_STATUS,
  transitionOrder,
} from "./order-status.js";
export { isOrderSide, isOrderType, ORDER_SIDES, ORDER_TYPES, type OrderSide, type OrderType } from "./order-types.js";
export { type PnlResult, Position, type PositionOptions, type PositionTrade } from "./position.js";
export { POSITION_METHODS, type PositionDict, type PositionMethod } from "./position-dict.js";
export { TIMEFRAME_PERIODS, Timeframe, type TimeframePeriod } from "./timeframe.js";
export { Trade, type TradeDict, type TradeInput } from "./trade.js";
export { type TradeResult, type TradeResultDict, toTradeResult, tradeResultToDict } from "./trade-result.js";
export { type ClosedTradePnl, computeTradeStatistics, type TradeStatistics } from "./trade-statistics.js";
export { toUtcDate } from "./utc-time.js";
