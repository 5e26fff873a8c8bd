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
