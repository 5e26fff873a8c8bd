export { type BacktestOptions, type BacktestResult, runBacktest } from "./main/backtest.js";
export { type RunAndReport, reportsDir, runAndReport } from "./main/run-and-report.js";
export { type MainJobOptions, type MainJobResult, runMainJob } from "./main/start.js";
export { type CandleFile, candleFormatOf, ensurePaperSymbol, inspectCandleFile, marketOfFileName } from "./market/file-market.js";
export { type GeneratedMarket, generateMarket, type MarketOptions } from "./market/generated-market.js";
export { type CandleSource, type LoadedCandles, loadCandles } from "./market/load-candles.js";
export { defaultProgressMode, type Progress, type ProgressMode, progressFor } from "./market/progress.js";
export { SeededRandom } from "./market/seeded-random.js";
export { type ChartBar, type ChartData, type ChartPoint, chartTimeframe } from "./report/chart-series.js";
export { type ClosedTrade, EquityWalk, type FillMark, FillReplay, type ResultMismatch } from "./report/fill-replay.js";
export { chartLibrary, renderHtmlReport, writeHtmlReport } from "./report/html/html-report.js";
export { formatReport } from "./report/print-report.js";
export { reportJson } from "./report/report-json.js";
export { type ReportRow, reportRows } from "./report/report-rows.js";
export { buildRunReport, type Check, type ReportInput, type RunReport, type SymbolLine } from "./report/run-report.js";
export { isUnavailable, type RetryPolicy, untilAvailable } from "./run/outage-retry.js";
export {
  type PaperSettings,
  paperSettings,
  type ReplayRunDeps,
  type ReplayRunOptions,
  type ReplayRunResult,
  replayRun,
} from "./run/replay-run.js";
export { createRunBot, marketOfBot, type RunBot, type RunBotOptions, type RunMarket } from "./run/run-bot.js";
export { ObservedStore } from "./stack/observed-store.js";
export { openCaches, openStack, type StackCaches, type StackOptions, type TradingStack } from "./stack/trading-stack.js";
