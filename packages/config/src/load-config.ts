import { join } from "node:path";
import { inspect } from "node:util";
import { ConfigError } from "@tradekit/domain";
import { configSchema } from "./config-schema.js";
import { mergeEnv, readEnvFile } from "./env-file.js";
import { warnMisspelledVariables } from "./misspelled-variables.js";
import { redactConfig } from "./redact-config.js";
import type { TradekitConfig } from "./tradekit-config.js";

/** Where loadConfig reads its .env file. */
export interface LoadConfigOptions {
  /**
   * Path of a .env file, or null for none. Default: `.env` in the current directory when `env` is
   * not given (so an explicit `env`, as tests pass it, is never mixed with a developer's .env).
   */
  envFile?: string | null;
  /**
   * Receives each warning (a set variable that is not tradekit's but resembles one: DB_POOLSIZE
   * for DB_POOL_SIZE), once per process. Default: a Node process warning (code
   * TRADEKIT_UNKNOWN_VARIABLE), printed on stderr.
   */
  onWarning?: (message: string) => void;
}

const processWarning = (message: string): void =>
  process.emitWarning(message, { type: "TradekitConfigWarning", code: "TRADEKIT_UNKNOWN_VARIABLE" });

/** Reads and validates the configuration; throws one ConfigError listing every problem. */
export function loadConfig(env?: Record<string, string | undefined>, options: LoadConfigOptions = {}): TradekitConfig {
  const envFile = options.envFile !== undefined ? options.envFile : env === undefined ? join(process.cwd(), ".env") : null;
  const source = mergeEnv(envFile === null ? {} : readEnvFile(envFile), env ?? process.env);
  warnMisspelledVariables(source, options.onWarning ?? processWarning);
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? "configuration"), message: i.message })),
    );
  }
  const v = parsed.data;
  const config: TradekitConfig = {
    appMode: v.APP_MODE,
    logLevel: v.LOG_LEVEL,
    tradingDatabaseUrl: v.TRADING_DATABASE_URL,
    ohlcvDatabaseUrl: v.OHLCV_DATABASE_URL,
    redisUrl: v.REDIS_URL,
    database: Object.freeze({ poolSize: v.DB_POOL_SIZE, statementTimeoutMs: v.DB_STATEMENT_TIMEOUT_MS }),
    ohlcv: Object.freeze({ poolSize: v.OHLCV_POOL_SIZE, timescale: v.TIMESCALE_MODE }),
    redis: Object.freeze({ keyPrefix: v.REDIS_KEY_PREFIX, commandTimeoutMs: v.REDIS_COMMAND_TIMEOUT_MS }),
    credentialsKey: v.CREDENTIALS_ENCRYPTION_KEY,
    risk: Object.freeze({
      maxRiskPerTradePct: v.RISK_MAX_RISK_PER_TRADE_PCT,
      maxDailyLossPct: v.RISK_MAX_DAILY_LOSS_PCT,
      maxDrawdownPct: v.RISK_MAX_DRAWDOWN_PCT,
      maxPositions: v.RISK_MAX_POSITIONS,
      minRiskReward: v.RISK_MIN_RISK_REWARD,
      maxPositionSize: v.RISK_MAX_POSITION_SIZE,
      priceSanityPct: v.RISK_PRICE_SANITY_PCT,
      maxPositionLossPct: v.RISK_MAX_POSITION_LOSS_PCT,
    }),
  };
  // Whoever logs or prints the whole config gets the redacted form: URL passwords and the key never show.
  Object.defineProperties(config, {
    toJSON: { value: () => redactConfig(config) },
    [inspect.custom]: { value: () => redactConfig(config) },
  });
  return Object.freeze(config);
}
