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
