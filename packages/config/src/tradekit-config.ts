import type { Decimal } from "@tradekit/domain";

/** The application modes; production requires the credentials encryption key. */
export type AppMode = "development" | "test" | "production";
/** pino's levels, plus silent. */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
/** Whether the OHLCV store uses TimescaleDB: when present, always (fail without it), or never. */
export type TimescaleMode = "auto" | "require" | "off";

/** Risk limits of the source documents; percentages are of equity, 0 < pct <= 100. */
export interface RiskLimits {
  /** RISK_MAX_RISK_PER_TRADE_PCT, default 2. */
  maxRiskPerTradePct: Decimal;
  /** RISK_MAX_DAILY_LOSS_PCT, default 6. */
  maxDailyLossPct: Decimal;
  /** RISK_MAX_DRAWDOWN_PCT, default 15. */
  maxDrawdownPct: Decimal;
  /** RISK_MAX_POSITIONS, default 5. */
  maxPositions: number;
  /** RISK_MIN_RISK_REWARD, default 2. */
  minRiskReward: Decimal;
  /** RISK_MAX_POSITION_SIZE in quote currency; null (unset) = no limit. */
  maxPositionSize: Decimal | null;
  /** RISK_PRICE_SANITY_PCT: an order price further than this from the market is refused; default 10. */
  priceSanityPct: Decimal;
  /** RISK_MAX_POSITION_LOSS_PCT, default 5. */
  maxPositionLossPct: Decimal;
}

/** Everything tradekit reads from the environment, typed and validated. */
export interface TradekitConfig {
  appMode: AppMode;
  logLevel: LogLevel;
  /** TRADING_DATABASE_URL; null = the embedded database. */
  tradingDatabaseUrl: string | null;
  /** OHLCV_DATABASE_URL; null = the trading database (so the embedded one when both are unset). */
  ohlcvDatabaseUrl: string | null;
  /** REDIS_URL; null = an in-memory store (embedded mode). */
  redisUrl: string | null;
  database: { poolSize: number; statementTimeoutMs: number };
  ohlcv: { poolSize: number; timescale: TimescaleMode };
  redis: { keyPrefix: string; commandTimeoutMs: number };
  /** CREDENTIALS_ENCRYPTION_KEY, 32 bytes; prints as "[redacted]" through JSON, inspect and String(). */
  credentialsKey: Buffer | null;
  risk: RiskLimits;
}
