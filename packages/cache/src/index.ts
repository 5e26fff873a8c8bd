export type { Account, Balance, BalanceInput } from "./account-balance.js";
export { AccountCache } from "./account-cache.js";
export { BotCache, type ExchangeBlock } from "./bot-cache.js";
export type { CacheContext, CacheOptions } from "./cache-options.js";
export { openCacheContext } from "./cache-options.js";
export type { CachedOrder, CachedOrderInput } from "./cached-order.js";
export type { CachedPosition, PositionInput } from "./cached-position.js";
export { closeCacheConnections, sharedStore } from "./connection-pool.js";
export { KeyLayout, TICKER_BUCKETS, tickerBucketOf } from "./key-layout.js";
export { MemoryLookupCache, RedisLookupCache, StoreLookupCache } from "./lookup-cache.js";
export {
  type NewOrder,
  type OrderPayload,
  OrdersCache,
  type OrderWriteOptions,
  type TakeNewOrdersOptions,
} from "./orders-cache.js";
export type { RawTrade, RawTradeInput } from "./raw-trade.js";
export { readThrough } from "./read-through.js";
export type {
  CacheStore,
  Condition,
  QueueEntry,
  QueueReclaimOptions,
  QueueTakeOptions,
  Unsubscribe,
  WriteOp,
} from "./store/cache-store.js";
export { MemoryStore } from "./store/memory-store.js";
export { RedisStore, type RedisStoreOptions } from "./store/redis-store.js";
export { TickCache } from "./tick-cache.js";
export { isTickerStale, type Ticker, type TickerInput } from "./ticker.js";
export { type TradePayload, TradesCache } from "./trades-cache.js";
