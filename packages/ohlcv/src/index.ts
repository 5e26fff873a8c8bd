export type { WriteResult } from "./candle-writer.js";
export { TimescaleUnavailableError, UnknownSymbolError } from "./errors.js";
export type { Gap } from "./gap-finder.js";
export { readBinanceKlines, readFreqtradeCandles } from "./import/candle-files.js";
export {
  type CandleFileFormat,
  type FileRows,
  type RowProblem,
  readCandleFileRows,
  readTradeFileRows,
  type TradeFileFormat,
} from "./import/file-rows.js";
export {
  type CandleImportOptions,
  type ImportOptions,
  importBinanceKlines,
  importFreqtradeCandles,
  importFreqtradeTrades,
  importKrakenTrades,
} from "./import/importers.js";
export { type ExactJson, readJsonExact } from "./import/json-tokens.js";
export { createProgress, type Progress } from "./import/progress.js";
export { readFreqtradeTrades, readKrakenTrades } from "./import/trade-files.js";
export { FLAG_IN_PROGRESS, FLAG_SYNTHETIC, type FlaggedCandle, type OhlcvFrame } from "./ohlcv-frame.js";
export { closeOhlcvPools, type Engine } from "./pool-registry.js";
export type { RawTrade, RawTradeInput } from "./raw-trade.js";
export type { TimescaleMode } from "./schema/migrator.js";
export {
  inspectOhlcvSchema,
  installOhlcvSchema,
  type OhlcvSchemaInstall,
  type OhlcvSchemaStatus,
} from "./schema/schema-status.js";
export type { TimeframeInput } from "./timeframe-input.js";
export {
  type Coverage,
  type FetchOhlcvOptions,
  type OpenOptions,
  TimeseriesRepository,
  type WriteOptions,
} from "./timeseries-repository.js";
