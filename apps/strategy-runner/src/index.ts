export { BarAggregator } from "./bar-aggregator.js";
export { type BotRef, type LoadedBot, type LoadedFeed, type LoadedStrategy, loadBot, resolveBot } from "./bot-loader.js";
export { BOT_FIELD, BotAlreadyRunningError, type BotState, feedField, REASON_FIELD } from "./bot-presence.js";
export { builtinStrategies } from "./builtin-strategies.js";
export { type CandleStore, type OhlcvConnection, readWarmup, timeseriesCandleStore } from "./candle-store.js";
export { STRATEGY_CATALOG } from "./catalog.js";
export { type ClientOrderIdParts, clientOrderIdFor } from "./client-order-id.js";
export { type Clock, ManualClock, systemClock } from "./clock.js";
export { type Dependency, type Outage, RunnerStoppedError } from "./dependency-guard.js";
export {
  barCloseTime,
  barTicks,
  type ReplayListener,
  type ReplayOptions,
  type ReplaySeries,
  type ReplaySummary,
  replayCandles,
  storeCandles,
} from "./replay.js";
export type {
  RunnerCaches,
  RunnerState,
  RunnerStatus,
  RunnerTiming,
  RunSummary,
  StartOptions,
  StrategyRunnerDeps,
  StrategyStatus,
} from "./runner-options.js";
export { maCross } from "./strategies/ma-cross.js";
export { rsiMeanReversion } from "./strategies/rsi-mean-reversion.js";
export type {
  CandleSource,
  ClosedCandle,
  CloseOptions,
  FeedView,
  FloatCandle,
  IndicatorInput,
  IndicatorLike,
  IndicatorOptions,
  OrderRequestOptions,
  OrderUpdate,
  Strategy,
  StrategyCandle,
  StrategyContext,
  StrategyFill,
  StrategyPosition,
} from "./strategy.js";
export { catalogEntryOf, defineStrategy, type StrategyDefinition, type StrategyDefinitionInput } from "./strategy-definition.js";
export { HandlerTimeoutError, type InstanceState } from "./strategy-instance.js";
export { invalidParam, type ParamShape, type ParamSpec, type ParamsOf, param, parseStrategyParams } from "./strategy-params.js";
export { StrategyRegistry } from "./strategy-registry.js";
export { createStrategyRunner, StrategyRunner } from "./strategy-runner.js";
