export { EXCHANGE_SEEDS, type ExchangeSeed, type SymbolSeed } from "./catalog/exchange-seeds.js";
export type { SeedCounts } from "./catalog/seed-counts.js";
export { defaultDataDir } from "./databases/data-dir.js";
export {
  type DatabaseEndpoint,
  type OpenDatabasesOptions,
  openDatabases,
  type SetupDatabases,
} from "./databases/open-databases.js";
export type { PostgresTarget } from "./databases/postgres-url.js";
export { DatabaseMissingError, ServerUnreachableError } from "./errors.js";
export type { FileImport, ImportOptions, ImportResult } from "./import/import-files.js";
export { importCandles, importTrades } from "./import/import-files.js";
export { ImportRejectedError } from "./import/import-rejected-error.js";
export type { ProgressMode } from "./import/row-progress.js";
export { type InitOptions, type InitResult, init } from "./init/init.js";
export { type MigrateResult, migrateDatabases } from "./init/migrate-databases.js";
export { DEMO_NAMES, DEMO_PARAMS, type DemoIds } from "./init/seed-demo.js";
export type { StepResult } from "./init/step-result.js";
export { TIMESCALE_MODES } from "./init/timescale-mode.js";
export type { Check, CheckStatus } from "./verify/check.js";
export { type HealthReport, health } from "./verify/health.js";
export type { OhlcvFacts } from "./verify/ohlcv-checks.js";
export type { RedisFacts } from "./verify/redis-check.js";
export type { TradingFacts } from "./verify/trading-checks.js";
export { type VerifyReport, verify } from "./verify/verify.js";
