import type { EntitySchema } from "@mikro-orm/core";
import { BalanceEntity, BalanceHistoryEntity } from "./balance.js";
import { BotEntity } from "./bot.js";
import { BotLogEntity } from "./bot-log.js";
import { BotRunEntity } from "./bot-run.js";
import { BotStrategyEntity, BotStrategyParamEntity } from "./bot-strategy.js";
import { CatalogExchangeEntity, CatalogExchangeParamEntity } from "./catalog-exchange.js";
import { CatalogStrategyEntity, CatalogStrategyParamEntity } from "./catalog-strategy.js";
import { DailyStatisticsEntity } from "./daily-statistics.js";
import { DryTradeEntity } from "./dry-trade.js";
import { ExchangeAccountEntity } from "./exchange-account.js";
import { FeedEntity } from "./feed.js";
import { KillSwitchEventEntity } from "./kill-switch-event.js";
import { OrderEntity } from "./order.js";
import { PositionSnapshotEntity } from "./position-snapshot.js";
import { ReconciliationEntryEntity } from "./reconciliation-entry.js";
import { SymbolEntity } from "./symbol.js";
import { SystemEventEntity } from "./system-event.js";
import { TradeEntity } from "./trade.js";
import { TradeStreamEntity } from "./trade-stream.js";
import { UserEntity } from "./user.js";

export {
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
  TradeStreamEntity,
  UserEntity,
};

/** Every entity of the trading schema, for the ORM configuration and the schema diff. */
export const ALL_ENTITIES: readonly EntitySchema[] = [
  UserEntity,
  CatalogExchangeEntity,
  CatalogExchangeParamEntity,
  ExchangeAccountEntity,
  SymbolEntity,
  CatalogStrategyEntity,
  CatalogStrategyParamEntity,
  BotEntity,
  BotStrategyEntity,
  BotStrategyParamEntity,
  FeedEntity,
  BotLogEntity,
  BotRunEntity,
  OrderEntity,
  TradeEntity,
  TradeStreamEntity,
  DryTradeEntity,
  PositionSnapshotEntity,
  BalanceEntity,
  BalanceHistoryEntity,
  SystemEventEntity,
  ReconciliationEntryEntity,
  KillSwitchEventEntity,
  DailyStatisticsEntity,
];

/** The type of every entity of the trading schema (the typed Kysely instance is inferred from it). */
export type TradekitEntity =
  | typeof UserEntity
  | typeof CatalogExchangeEntity
  | typeof CatalogExchangeParamEntity
  | typeof ExchangeAccountEntity
  | typeof SymbolEntity
  | typeof CatalogStrategyEntity
  | typeof CatalogStrategyParamEntity
  | typeof BotEntity
  | typeof BotStrategyEntity
  | typeof BotStrategyParamEntity
  | typeof FeedEntity
  | typeof BotLogEntity
  | typeof BotRunEntity
  | typeof OrderEntity
  | typeof TradeEntity
  | typeof TradeStreamEntity
  | typeof DryTradeEntity
  | typeof PositionSnapshotEntity
  | typeof BalanceEntity
  | typeof BalanceHistoryEntity
  | typeof SystemEventEntity
  | typeof ReconciliationEntryEntity
  | typeof KillSwitchEventEntity
  | typeof DailyStatisticsEntity;
