import type { InferEntity } from "@mikro-orm/core";
import { Timeframe } from "@tradekit/domain";
import type {
  BotStrategyEntity,
  CatalogExchangeEntity,
  CatalogStrategyEntity,
  ExchangeAccountEntity,
  FeedEntity,
  SymbolEntity,
} from "../entities/index.js";
import type { BotStrategy } from "../models/bot-strategy.js";
import type { CatalogExchange } from "../models/catalog-exchange.js";
import type { CatalogStrategy } from "../models/catalog-strategy.js";
import type { ExchangeAccount } from "../models/exchange-account.js";
import type { Feed } from "../models/feed.js";
import type { MarketSymbol } from "../models/market-symbol.js";

// Each model from its entity, with the relations the model shows populated by the caller.

const byName = <T extends { name: string }>(list: Iterable<T>): T[] =>
  [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** A catalog_strategies entity (params populated) as the model. */
export const toCatalogStrategy = (e: InferEntity<typeof CatalogStrategyEntity>): CatalogStrategy =>
  Object.freeze({
    id: e.id,
    name: e.name,
    module: e.module ?? null,
    description: e.description ?? null,
    createdAt: e.createdAt,
    params: Object.freeze(
      byName(e.params.getItems()).map((p) =>
        Object.freeze({ name: p.name, defaultValue: p.defaultValue ?? null, description: p.description ?? null }),
      ),
    ),
  });

/** A bot_strategies entity (strategy and params populated) as the model. */
export const toBotStrategy = (e: InferEntity<typeof BotStrategyEntity>): BotStrategy =>
  Object.freeze({
    id: e.id,
    botId: e.bot.id,
    strategyId: e.strategy.id,
    strategyName: e.strategy.name,
    name: e.name ?? null,
    active: e.active,
    createdAt: e.createdAt,
    params: Object.freeze(Object.fromEntries(e.params.getItems().map((p) => [p.name, p.value ?? null]))),
  });

/** A feeds entity (symbol and its exchange populated) as the model. */
export const toFeed = (e: InferEntity<typeof FeedEntity>): Feed =>
  Object.freeze({
    id: e.id,
    botStrategyId: e.botStrategy.id,
    symbolId: e.symbol.id,
    symbol: e.symbol.symbol,
    exchange: e.symbol.catalogExchange.name,
    timeframe: Timeframe.fromCompression(e.compression, e.period),
    order: e.order,
  });

/** A catalog_exchanges entity (params populated) as the model. */
export const toCatalogExchange = (e: InferEntity<typeof CatalogExchangeEntity>): CatalogExchange =>
  Object.freeze({
    id: e.id,
    name: e.name,
    description: e.description ?? null,
    url: e.url ?? null,
    createdAt: e.createdAt,
    params: Object.freeze(
      byName(e.params.getItems()).map((p) =>
        Object.freeze({ name: p.name, value: p.value ?? null, description: p.description ?? null }),
      ),
    ),
  });

/** An exchange_accounts entity (its exchange populated) as the model: never a credential. */
export const toExchangeAccount = (e: InferEntity<typeof ExchangeAccountEntity>): ExchangeAccount =>
  Object.freeze({
    id: e.id,
    userId: e.user.id,
    catalogExchangeId: e.catalogExchange.id,
    exchange: e.catalogExchange.name,
    name: e.name,
    testnet: e.testnet,
    active: e.active,
    hasCredentials: e.apiKey != null && e.apiSecret != null,
    createdAt: e.createdAt,
  });

/** A symbols entity (its exchange populated) as the model. */
export const toMarketSymbol = (e: InferEntity<typeof SymbolEntity>): MarketSymbol =>
  Object.freeze({
    id: e.id,
    catalogExchangeId: e.catalogExchange.id,
    exchange: e.catalogExchange.name,
    symbol: e.symbol,
    baseCurrency: e.baseCurrency,
    quoteCurrency: e.quoteCurrency,
    pricePrecision: e.pricePrecision,
    volumePrecision: e.volumePrecision,
    tickSize: e.tickSize,
    minLot: e.minLot,
    active: e.active,
  });
