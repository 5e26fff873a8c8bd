export { Candle, type CandleDict, type CandleInput } from "./candle.js";
export { Decimal, type DecimalInput, isDecimal, toDecimal, toNonNegativeDecimal, toPositiveDecimal } from "./decimal.js";
export {
  CacheUnavailableError,
  ConfigError,
  ConstraintViolation,
  DatabaseUnavailableError,
  DuplicateError,
  InvalidOrderTransition,
  NotFoundError,
  TradekitError,
  ValidationError,
} from "./errors.js";
export type { LookupCache } from "./lookup-cache.js";
export { isOrderSide, isOrderType, ORDER_SIDES, ORDER_TYPES, type OrderSide, type OrderType } from "./order-types.js";
export { TIMEFRAME_PERIODS, Timeframe, type TimeframePeriod } from "./timeframe.js";
export { toUtcDate } from "./utc-time.js";
