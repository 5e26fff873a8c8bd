import type { WriteResult } from "../candle-writer.js";
import type { TimeframeInput } from "../timeframe-input.js";
import type { TimeseriesRepository } from "../timeseries-repository.js";
import { readBinanceKlines, readFreqtradeCandles } from "./candle-files.js";
import { createProgress } from "./progress.js";
import { readFreqtradeTrades, readKrakenTrades } from "./trade-files.js";

/** Options of a file import. */
export interface ImportOptions {
  /** Show a progress bar (terminal) or progress log lines; default true. */
  progress?: boolean;
}

/** Options of a candle file import. */
export interface CandleImportOptions extends ImportOptions {
  /** The candles' timeframe (default 1m). */
  timeframe?: TimeframeInput;
}

async function withProgress<T>(
  label: string,
  total: number,
  show: boolean,
  fn: (tick?: (n: number) => void) => Promise<T>,
): Promise<T> {
  if (!show) return fn();
  const progress = createProgress(label, total);
  try {
    return await fn((n) => progress.tick(n));
  } finally {
    progress.stop();
  }
}

/** Imports a freqtrade JSON candle file (upsert: importing twice stores once). A bad row: ValidationError naming it, nothing written. */
export async function importFreqtradeCandles(
  repo: TimeseriesRepository,
  path: string,
  options: CandleImportOptions = {},
): Promise<WriteResult> {
  const candles = await readFreqtradeCandles(path);
  return withProgress(`import ${path}`, candles.length, options.progress !== false, (onProgress) =>
    repo.upsertMany(candles, { timeframe: options.timeframe, onProgress }),
  );
}

/** Imports a Binance kline CSV (columns documented on readBinanceKlines), with quote volume and trade count. */
export async function importBinanceKlines(
  repo: TimeseriesRepository,
  path: string,
  options: CandleImportOptions = {},
): Promise<WriteResult> {
  const candles = await readBinanceKlines(path);
  return withProgress(`import ${path}`, candles.length, options.progress !== false, (onProgress) =>
    repo.upsertMany(candles, { timeframe: options.timeframe, onProgress }),
  );
}

/** Imports freqtrade trades (.json or .json.gz); returns how many trades were new. */
export async function importFreqtradeTrades(
  repo: TimeseriesRepository,
  path: string,
  options: ImportOptions = {},
): Promise<number> {
  const trades = await readFreqtradeTrades(path);
  return withProgress(`import ${path}`, trades.length, options.progress !== false, (onProgress) =>
    repo.saveTrades(trades, { onProgress }),
  );
}

/** Imports a Kraken trades CSV export; returns how many trades were new. */
export async function importKrakenTrades(repo: TimeseriesRepository, path: string, options: ImportOptions = {}): Promise<number> {
  const trades = await readKrakenTrades(path);
  return withProgress(`import ${path}`, trades.length, options.progress !== false, (onProgress) =>
    repo.saveTrades(trades, { onProgress }),
  );
}
