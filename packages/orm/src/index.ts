// The domain's class, so `instanceof` holds whichever package a caller imports it from.
export { DatabaseTimeoutError } from "@tradekit/domain";
export { type CredentialBinding, CredentialCipher } from "./credentials/credential-cipher.js";
export { EncryptedSecret } from "./credentials/encrypted-secret.js";
export { Database, ormOptions } from "./database.js";
export { DatabaseContext, type HealthStatus, withDatabase } from "./database-context.js";
export { ConcurrentUpdateError, StreamMethodConflict } from "./database-errors.js";
export type { DatabaseOptions } from "./database-options.js";
export {
  ALL_ENTITIES,
  BalanceEntity,
  BalanceHistoryEntity,
  BotEntity,
  BotLogEntity,
  BotRunEntity,
  BotStrategyEntity,
  BotStrategyParamEntity,
  CatalogExchangeEntity,
  CatalogExchangeParamEntity,
  CatalogStrategyEntity,
  CatalogStrategyParamEntity,
  DailyStatisticsEntity,
  DryTradeEntity,
  ExchangeAccountEntity,
  FeedEntity,
  KillSwitchEventEntity,
  OrderEntity,
  PositionSnapshotEntity,
  ReconciliationEntryEntity,
  SymbolEntity,
  SystemEventEntity,
  TradeEntity,
  type TradekitEntity,
  TradeStreamEntity,
  UserEntity,
} from "./entities/index.js";
export { mapDatabaseError } from "./errors.js";
export { type MigrateResult, migrate } from "./migrate.js";
export { MIGRATIONS } from "./migrations/index.js";
export type { Balance, BalanceInput } from "./models/balance.js";
export type { Bot, BotChanges, BotInput } from "./models/bot.js";
export type { ActiveBotSummary, BotDetails, BotStrategyDetails } from "./models/bot-details.js";
export type { BotLog } from "./models/bot-log.js";
export type { BotRun, BotRunStatistics } from "./models/bot-run.js";
export type { BotStrategy, BotStrategyChanges, BotStrategyInput, StrategyParams } from "./models/bot-strategy.js";
export type {
  CatalogExchange,
  CatalogExchangeChanges,
  CatalogExchangeInput,
  CatalogExchangeParam,
  CatalogExchangeParamInput,
} from "./models/catalog-exchange.js";
export type { CatalogStrategy, CatalogStrategyInput, StrategyParamSpec } from "./models/catalog-strategy.js";
export type { DailyStats, DailyStatsDelta } from "./models/daily-stats.js";
export type {
  ExchangeAccount,
  ExchangeAccountChanges,
  ExchangeAccountInput,
  ExchangeCredentialsInput,
} from "./models/exchange-account.js";
export { ExchangeCredentials } from "./models/exchange-credentials.js";
export type { Feed, FeedChanges, FeedInput } from "./models/feed.js";
export type { KillSwitchEvent, KillSwitchInput, KillSwitchState } from "./models/kill-switch.js";
export type { MarketSymbol, MarketSymbolChanges, MarketSymbolInput, SymbolDecimals } from "./models/market-symbol.js";
export type { ReconciliationIssue, ReconciliationIssueInput } from "./models/reconciliation-issue.js";
export { isSeverity, SEVERITIES, type Severity } from "./models/severity.js";
export type { EventQuery, SystemEvent } from "./models/system-event.js";
export type { User, UserChanges, UserInput } from "./models/user.js";
export { closeDatabase, getDatabase, initDatabase } from "./process-database.js";
export { BalanceRepository } from "./repositories/balance-repository.js";
export { BotRepository } from "./repositories/bot-repository.js";
export { BotRunRepository } from "./repositories/bot-run-repository.js";
export { DailyStatsRepository } from "./repositories/daily-stats-repository.js";
export { DryTradeRepository } from "./repositories/dry-trade-repository.js";
export { DEFAULT_ACCOUNT_NAME, type EnsureAccountInput } from "./repositories/ensure-account.js";
export { EventRepository } from "./repositories/event-repository.js";
export { ExchangeRepository } from "./repositories/exchange-repository.js";
export { FeedRepository } from "./repositories/feed-repository.js";
export { KillSwitchRepository } from "./repositories/kill-switch-repository.js";
export { LOOKUP_TTL_SECONDS, type LookupCacheScope, type LookupCodec } from "./repositories/lookup-cache-scope.js";
export { type OrderFilter, OrderRepository } from "./repositories/order-repository.js";
export {
  PositionRepository,
  type PositionSnapshot,
  type UpdatePositionOptions,
} from "./repositories/position-repository.js";
export { ReconciliationRepository } from "./repositories/reconciliation-repository.js";
export type { RepositoryContext } from "./repositories/repository-context.js";
export { StrategyRepository } from "./repositories/strategy-repository.js";
export { SymbolRepository } from "./repositories/symbol-repository.js";
export { type TradeFilter, TradeRepository, type TradeWriteOptions } from "./repositories/trade-repository.js";
export type { StatisticsFilter } from "./repositories/trade-statistics-query.js";
export { UserRepository } from "./repositories/user-repository.js";
export { checkSchema, type SchemaCheck } from "./schema-check.js";
export { SqlExecutor } from "./sql-executor.js";
export { KYSELY_OPTIONS, type StoredRow, type TradekitDB, type TradekitKysely, type TradekitTableDB } from "./typed-kysely.js";
export { DecimalType } from "./types/decimal-type.js";
export { SecretType } from "./types/secret-type.js";
