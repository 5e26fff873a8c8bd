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
