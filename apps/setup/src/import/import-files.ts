import { basename } from "node:path";
import { Timeframe, ValidationError } from "@tradekit/domain";
import {
  type CandleFileFormat,
  type RowProblem,
  readCandleFileRows,
  readTradeFileRows,
  TimeseriesRepository,
  type TradeFileFormat,
} from "@tradekit/ohlcv";
import pino, { type Logger } from "pino";
import { requireDatabase } from "../databases/ensure-database.js";
import type { SetupDatabases } from "../databases/open-databases.js";
import { assertCatalogSymbol } from "./catalog-symbol.js";
import { CANDLE_FORMATS, formatOf, TRADE_FORMATS } from "./file-format.js";
import { ImportRejectedError } from "./import-rejected-error.js";
import { type ReadFile, readImportFiles } from "./read-import-files.js";
import { type ProgressMode, rowProgress } from "./row-progress.js";

/** Options of importCandles() and importTrades(). */
export interface ImportOptions {
  /** A catalog exchange ("binance"). */
  exchange: string;
  /** A symbol of it in the catalog ("BTC/USDT"). */
  symbol: string;
  /** The file format; default from the name (.json: freqtrade; .csv: binance klines or kraken trades). */
  format?: string;
  /** Candles only: their timeframe (default 1m). */
  timeframe?: string;
  /** Store the good rows of a file with bad ones (default: write nothing and name the first bad row). */
  skipBad?: boolean;
  /** Default "none". */
  progress?: ProgressMode;
  /** How many rejected rows to report per file, with their reasons (default 5). */
  maxReasons?: number;
  logger?: Logger;
}

/** What one file's import did. */
export interface FileImport {
  readonly file: string;
  readonly format: string;
  /** Data rows in the file. */
  readonly read: number;
  readonly inserted: number;
  /** Candles stored before with other values, now replaced (0 for trades). */
  readonly updated: number;
  /** Rows stored before as they are in the file (for candles, also a time given twice in the file). */
  readonly alreadyPresent: number;
  readonly rejected: number;
  /** The first rejected rows with their reasons. */
  readonly problems: readonly RowProblem[];
}

/** What an import did, per file and in total. */
export interface ImportResult {
  readonly kind: "candles" | "trades";
  readonly exchange: string;
  readonly symbol: string;
  /** Candles only. */
  readonly timeframe: string | null;
  readonly files: readonly FileImport[];
  readonly totals: { read: number; inserted: number; updated: number; alreadyPresent: number; rejected: number };
}

const name = (field: string, value: unknown): string => {
  if (typeof value !== "string" || value.trim() === "") throw ValidationError.invalid(field, value, "a non-empty name");
  return value.trim();
};

type Writer<T> = (
  repo: TimeseriesRepository,
  rows: T[],
  onProgress: (n: number) => void,
) => Promise<{ inserted: number; updated: number }>;

async function run<T>(
  databases: SetupDatabases,
  kind: "candles" | "trades",
  files: readonly ReadFile<T>[],
  options: ImportOptions,
  timeframe: string | null,
  write: Writer<T>,
): Promise<ImportResult> {
  const logger = options.logger ?? pino({ level: "silent" });
  const exchange = name("exchange", options.exchange);
  const symbol = name("symbol", options.symbol);
  if (!options.skipBad) {
    const bad = files.find((f) => f.rows.rejected.length > 0);
    if (bad) throw new ImportRejectedError(bad.file, bad.rows.rejected[0] as RowProblem, bad.rows.rejected.length);
  }
  await assertCatalogSymbol(databases, exchange, symbol);
  if (!databases.sameDatabase) await requireDatabase(databases.ohlcv, "candle store");
  await using repo = await TimeseriesRepository.open({ exchange, symbol, url: databases.ohlcvUrl, create: true });
  const results: FileImport[] = [];
  for (const f of files) {
    const progress = rowProgress(basename(f.file), f.rows.rows.length, options.progress ?? "none", logger);
    let written: { inserted: number; updated: number };
    try {
      written = f.rows.rows.length ? await write(repo, f.rows.rows, (n) => progress.tick(n)) : { inserted: 0, updated: 0 };
    } finally {
      progress.stop();
    }
    const result: FileImport = Object.freeze({
      file: f.file,
      format: f.format,
      read: f.rows.read,
      inserted: written.inserted,
      updated: written.updated,
      alreadyPresent: f.rows.rows.length - written.inserted - written.updated,
      rejected: f.rows.rejected.length,
      problems: Object.freeze(f.rows.rejected.slice(0, options.maxReasons ?? 5)),
    });
    logger.info({ ...result, problems: undefined, exchange, symbol }, `imported ${kind}`);
    results.push(result);
  }
  const sum = (key: "read" | "inserted" | "updated" | "alreadyPresent" | "rejected") => results.reduce((n, r) => n + r[key], 0);
  return Object.freeze({
    kind,
    exchange,
    symbol,
    timeframe,
    files: Object.freeze(results),
    totals: {
      read: sum("read"),
      inserted: sum("inserted"),
      updated: sum("updated"),
      alreadyPresent: sum("alreadyPresent"),
      rejected: sum("rejected"),
    },
  });
}

/**
 * Imports candle files (freqtrade JSON, Binance kline CSV; gzipped or not) into the candle store
 * by upsert, after checking every row of every file: a file with bad rows writes nothing (the
 * first bad row named) unless `skipBad`. Importing the same file twice inserts nothing the second time.
 */
export async function importCandles(
  databases: SetupDatabases,
  files: readonly string[],
  options: ImportOptions,
): Promise<ImportResult> {
  name("exchange", options.exchange);
  name("symbol", options.symbol);
  const timeframe = Timeframe.parse(options.timeframe ?? "1m");
  const read = await readImportFiles(
    files,
    (file) => formatOf(file, options.format, CANDLE_FORMATS, "binance"),
    (file, format) => readCandleFileRows(file, format as CandleFileFormat, timeframe),
  );
  return run(databases, "candles", read, options, timeframe.name, async (repo, rows, onProgress) => {
    const r = await repo.upsertMany(rows, { timeframe, onProgress });
    return { inserted: r.inserted, updated: r.updated };
  });
}

/**
 * Imports raw trade files (freqtrade trades JSON, Kraken trades CSV; gzipped or not), keeping
 * each trade's id; idempotent like importCandles, and with the same bad-row rules.
 */
export async function importTrades(
  databases: SetupDatabases,
  files: readonly string[],
  options: ImportOptions,
): Promise<ImportResult> {
  name("exchange", options.exchange);
  name("symbol", options.symbol);
  const read = await readImportFiles(
    files,
    (file) => formatOf(file, options.format, TRADE_FORMATS, "kraken"),
    (file, format) => readTradeFileRows(file, format as TradeFileFormat),
  );
  return run(databases, "trades", read, options, null, async (repo, rows, onProgress) => ({
    inserted: await repo.saveTrades(rows, { onProgress }),
    updated: 0,
  }));
}
