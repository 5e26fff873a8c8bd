import { z } from "zod";
import { encryptionKey, oneOf, optionalPositiveDecimal, positiveDecimal, token, url, wholeNumber } from "./env-vars.js";
import type { AppMode, LogLevel, TimescaleMode } from "./tradekit-config.js";

const APP_MODES: readonly AppMode[] = ["development", "test", "production"];
const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
const TIMESCALE_MODES: readonly TimescaleMode[] = ["auto", "require", "off"];
const POSTGRES = ["postgres", "postgresql"];

/** THE configuration schema: one entry per environment variable, with its default. */
export const configSchema = z
  .object({
    APP_MODE: oneOf(APP_MODES, "development"),
    LOG_LEVEL: oneOf(LOG_LEVELS, "info"),
    TRADING_DATABASE_URL: url(POSTGRES),
    OHLCV_DATABASE_URL: url(POSTGRES),
    REDIS_URL: url(["redis", "rediss"]),
    DB_POOL_SIZE: wholeNumber(1, 1000, 10),
    DB_STATEMENT_TIMEOUT_MS: wholeNumber(0, 86_400_000, 30_000),
    OHLCV_POOL_SIZE: wholeNumber(1, 1000, 4),
    TIMESCALE_MODE: oneOf(TIMESCALE_MODES, "auto"),
    REDIS_KEY_PREFIX: token("tradekit:"),
    REDIS_COMMAND_TIMEOUT_MS: wholeNumber(1, 600_000, 2000),
    CREDENTIALS_ENCRYPTION_KEY: encryptionKey(),
    RISK_MAX_RISK_PER_TRADE_PCT: positiveDecimal("2", 100),
    RISK_MAX_DAILY_LOSS_PCT: positiveDecimal("6", 100),
    RISK_MAX_DRAWDOWN_PCT: positiveDecimal("15", 100),
    RISK_MAX_POSITIONS: wholeNumber(1, 1000, 5),
    RISK_MIN_RISK_REWARD: positiveDecimal("2"),
    RISK_MAX_POSITION_SIZE: optionalPositiveDecimal(),
    RISK_PRICE_SANITY_PCT: positiveDecimal("10", 100),
    RISK_MAX_POSITION_LOSS_PCT: positiveDecimal("5", 100),
  })
  .superRefine(
    (v, ctx) => {
      if (v.APP_MODE === "production" && v.CREDENTIALS_ENCRYPTION_KEY === null) {
        ctx.addIssue({
          code: "custom",
          path: ["CREDENTIALS_ENCRYPTION_KEY"],
          message:
            "expected a key when APP_MODE=production (32 bytes as 64 hex characters or base64, e.g. `openssl rand -hex 32`), got none",
        });
      }
    },
    // Run even when other variables failed, so this problem is reported with the rest.
    { when: () => true },
  );

/** The variables the schema reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(configSchema.shape));
