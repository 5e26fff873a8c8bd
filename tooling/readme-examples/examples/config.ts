import { loadConfig, redactConfig } from "@tradekit/config";
import { ConfigError } from "@tradekit/domain";

// loadConfig() reads process.env and ./.env; a record of variables is read instead when given.
const config = loadConfig({ TRADING_DATABASE_URL: "postgres://bot:s3cret@db:5432/trading", RISK_MAX_POSITIONS: "3" });
console.log(redactConfig(config).tradingDatabaseUrl, config.risk.maxPositions, config.database.poolSize);

try {
  loadConfig({ DB_POOL_SIZE: "abc", TIMESCALE_MODE: "maybe" });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.log(error.message); // every bad variable at once
}
