import { ConfigError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.js";

const HEX_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

const issuesOf = (env: Record<string, string | undefined>): ConfigError["issues"] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error("expected a ConfigError");
};

describe("loadConfig defaults", () => {
  it("runs embedded with the documented defaults when nothing is set", () => {
    const c = loadConfig({});
    expect(c.appMode).toBe("development");
    expect(c.logLevel).toBe("info");
    expect(c.tradingDatabaseUrl).toBeNull();
    expect(c.ohlcvDatabaseUrl).toBeNull();
    expect(c.redisUrl).toBeNull();
    expect(c.database).toEqual({ poolSize: 10, statementTimeoutMs: 30_000 });
    expect(c.ohlcv).toEqual({ poolSize: 4, timescale: "auto" });
    expect(c.redis).toEqual({ keyPrefix: "tradekit:", commandTimeoutMs: 2000 });
    expect(c.credentialsKey).toBeNull();
    const r = c.risk;
    expect(
      [r.maxRiskPerTradePct, r.maxDailyLossPct, r.maxDrawdownPct, r.minRiskReward, r.priceSanityPct, r.maxPositionLossPct].map(
        String,
      ),
    ).toEqual(["2", "6", "15", "2", "10", "5"]);
    expect(r.maxPositions).toBe(5);
    expect(r.maxPositionSize).toBeNull();
  });

  it("treats a blank variable as unset", () => {
    expect(loadConfig({ DB_POOL_SIZE: "", TRADING_DATABASE_URL: "  " }).database.poolSize).toBe(10);
  });

  it("is frozen", () => {
    const c = loadConfig({});
    expect(() => {
      (c.database as { poolSize: number }).poolSize = 99;
    }).toThrow(TypeError);
  });
});

describe("loadConfig reads every variable", () => {
  it("parses a full environment", () => {
    const c = loadConfig({
      APP_MODE: "production",
      LOG_LEVEL: "warn",
      TRADING_DATABASE_URL: "postgres://app:pw@db.internal:5432/trading",
      OHLCV_DATABASE_URL: "postgresql://ts.internal/ohlcv",
      REDIS_URL: "rediss://:pw@cache.internal:6380/2",
      DB_POOL_SIZE: "25",
      DB_STATEMENT_TIMEOUT_MS: "0",
      OHLCV_POOL_SIZE: "8",
      TIMESCALE_MODE: "require",
      REDIS_KEY_PREFIX: "tk:prod:",
      REDIS_COMMAND_TIMEOUT_MS: "500",
      CREDENTIALS_ENCRYPTION_KEY: HEX_KEY,
      RISK_MAX_RISK_PER_TRADE_PCT: "1.5",
      RISK_MAX_DAILY_LOSS_PCT: "4",
      RISK_MAX_DRAWDOWN_PCT: "20",
      RISK_MAX_POSITIONS: "3",
      RISK_MIN_RISK_REWARD: "1.8",
      RISK_MAX_POSITION_SIZE: "2500.50",
      RISK_PRICE_SANITY_PCT: "7.5",
      RISK_MAX_POSITION_LOSS_PCT: "0.1",
      UNRELATED: "ignored",
    });
    expect(c.appMode).toBe("production");
    expect(c.logLevel).toBe("warn");
    expect(c.tradingDatabaseUrl).toBe("postgres://app:pw@db.internal:5432/trading");
    expect(c.ohlcvDatabaseUrl).toBe("postgresql://ts.internal/ohlcv");
    expect(c.redisUrl).toBe("rediss://:pw@cache.internal:6380/2");
    expect(c.database).toEqual({ poolSize: 25, statementTimeoutMs: 0 });
    expect(c.ohlcv).toEqual({ poolSize: 8, timescale: "require" });
    expect(c.redis).toEqual({ keyPrefix: "tk:prod:", commandTimeoutMs: 500 });
    expect(c.credentialsKey?.toString("hex")).toBe(HEX_KEY);
    expect(c.risk.maxRiskPerTradePct.toString()).toBe("1.5");
    expect(c.risk.maxPositionSize?.toString()).toBe("2500.5");
    expect(c.risk.maxPositionLossPct.toString()).toBe("0.1");
    expect(c.risk.maxPositions).toBe(3);
  });

  it("accepts the key as base64 and base64url", () => {
    const bytes = Buffer.from(HEX_KEY, "hex");
    expect(loadConfig({ CREDENTIALS_ENCRYPTION_KEY: bytes.toString("base64") }).credentialsKey?.equals(bytes)).toBe(true);
    expect(loadConfig({ CREDENTIALS_ENCRYPTION_KEY: bytes.toString("base64url") }).credentialsKey?.equals(bytes)).toBe(true);
  });
});

describe("loadConfig errors", () => {
  it.each([
    ["APP_MODE", "prod", 'expected one of development, test, production, got "prod"'],
    ["LOG_LEVEL", "verbose", 'expected one of trace, debug, info, warn, error, fatal, silent, got "verbose"'],
    [
      "TRADING_DATABASE_URL",
      "mysql://u@h/db",
      'expected a postgres:// or postgresql:// URL, got "mysql://u@h/db" (scheme mysql://)',
    ],
    [
      "TRADING_DATABASE_URL",
      "localhost:5432",
      'expected a postgres:// or postgresql:// URL, got "localhost:5432" (scheme localhost://)',
    ],
    ["OHLCV_DATABASE_URL", "not a url", 'expected a postgres:// or postgresql:// URL, got "not a url"'],
    ["REDIS_URL", "http://cache:6379", 'expected a redis:// or rediss:// URL, got "http://cache:6379" (scheme http://)'],
    ["DB_POOL_SIZE", "abc", 'expected a whole number from 1 to 1000, got "abc"'],
    ["DB_POOL_SIZE", "0", 'expected a whole number from 1 to 1000, got "0"'],
    ["DB_POOL_SIZE", "2.5", 'expected a whole number from 1 to 1000, got "2.5"'],
    ["DB_STATEMENT_TIMEOUT_MS", "-1", 'expected a whole number from 0 to 86400000, got "-1"'],
    ["OHLCV_POOL_SIZE", "1001", 'expected a whole number from 1 to 1000, got "1001"'],
    ["TIMESCALE_MODE", "on", 'expected one of auto, require, off, got "on"'],
    ["REDIS_KEY_PREFIX", "my prefix", 'expected text without spaces, got "my prefix"'],
    ["REDIS_COMMAND_TIMEOUT_MS", "1e3", 'expected a whole number from 1 to 600000, got "1e3"'],
    ["CREDENTIALS_ENCRYPTION_KEY", "abc123", "expected 32 bytes written as 64 hex characters or as base64"],
    ["RISK_MAX_RISK_PER_TRADE_PCT", "two", 'expected a decimal number greater than 0 and at most 100, got "two"'],
    ["RISK_MAX_DAILY_LOSS_PCT", "0", 'expected a decimal number greater than 0 and at most 100, got "0"'],
    ["RISK_MAX_DRAWDOWN_PCT", "150", 'expected a decimal number greater than 0 and at most 100, got "150"'],
    ["RISK_MAX_POSITIONS", "-2", 'expected a whole number from 1 to 1000, got "-2"'],
    ["RISK_MIN_RISK_REWARD", "-1", 'expected a decimal number greater than 0, got "-1"'],
    ["RISK_MAX_POSITION_SIZE", "NaN", 'expected a decimal number greater than 0, got "NaN"'],
    ["RISK_PRICE_SANITY_PCT", "10%", 'expected a decimal number greater than 0 and at most 100, got "10%"'],
    ["RISK_MAX_POSITION_LOSS_PCT", "Infinity", 'expected a decimal number greater than 0 and at most 100, got "Infinity"'],
  ])("%s=%j is reported with what it expected", (variable, value, message) => {
    const issues = issuesOf({ [variable]: value });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.variable).toBe(variable);
    expect(issues[0]?.message.startsWith(message)).toBe(true);
  });

  it("requires the credentials key in production, and names how to make one", () => {
    expect(issuesOf({ APP_MODE: "production" })).toEqual([
      {
        variable: "CREDENTIALS_ENCRYPTION_KEY",
        message:
          "expected a key when APP_MODE=production (32 bytes as 64 hex characters or base64, e.g. `openssl rand -hex 32`), got none",
      },
    ]);
    expect(loadConfig({ APP_MODE: "production", CREDENTIALS_ENCRYPTION_KEY: HEX_KEY }).appMode).toBe("production");
  });

  it("reports every problem at once, in one ConfigError whose message lists them", () => {
    let error: unknown;
    try {
      loadConfig({
        APP_MODE: "production",
        DB_POOL_SIZE: "abc",
        REDIS_URL: "memcached://x",
        RISK_MAX_POSITIONS: "many",
        LOG_LEVEL: "loud",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const err = error as ConfigError;
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.issues.map((i) => i.variable).sort()).toEqual(
      ["CREDENTIALS_ENCRYPTION_KEY", "DB_POOL_SIZE", "LOG_LEVEL", "REDIS_URL", "RISK_MAX_POSITIONS"].sort(),
    );
    expect(err.message).toContain("invalid configuration (5 problems)");
    expect(err.message).toContain('  - DB_POOL_SIZE: expected a whole number from 1 to 1000, got "abc"');
  });
});
