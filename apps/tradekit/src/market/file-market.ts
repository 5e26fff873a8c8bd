import { basename } from "node:path";
import { type CandleInput, Decimal, ValidationError } from "@tradekit/domain";
import { type CandleFileFormat, type RowProblem, readCandleFileRows } from "@tradekit/ohlcv";
import { type Database, withDatabase } from "@tradekit/orm";

/** What a candle file holds, read before it is imported. */
export interface CandleFile {
  readonly path: string;
  readonly format: CandleFileFormat;
  readonly symbol: string;
  readonly timeframe: string;
  readonly first: Date;
  readonly last: Date;
  /** The rows that passed every check the store makes, in file order. */
  readonly candles: readonly CandleInput[];
  readonly rejected: readonly RowProblem[];
  /** Decimal places the file's prices and volumes use. */
  readonly priceDecimals: number;
  readonly volumeDecimals: number;
}

const QUOTES = ["USDT", "USDC", "BUSD", "FDUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "USD", "GBP", "JPY", "TRY"];

/** The format a file's name says: .json (freqtrade) or .csv (Binance klines), gzipped or not. */
export function candleFormatOf(path: string, given?: string): CandleFileFormat {
  if (given !== undefined) {
    if (given === "freqtrade" || given === "binance") return given;
    throw ValidationError.invalid("format", given, "freqtrade or binance");
  }
  if (/\.json(\.gz)?$/i.test(path)) return "freqtrade";
  if (/\.csv(\.gz)?$/i.test(path)) return "binance";
  throw ValidationError.invalid("file", path, "a .json, .json.gz, .csv or .csv.gz candle file, or give --format");
}

/**
 * The symbol and timeframe a file's name tells, as freqtrade names its files (`BTC_USDT-1m.json`,
 * `UNITTEST_BTC-1m.json`) or Binance its klines (`BTCUSDT-1m-2024-01.csv`); null when it tells none.
 */
export function marketOfFileName(path: string): { symbol: string | null; timeframe: string | null } {
  const name = basename(path).replace(/\.(json|csv)(\.gz)?$/i, "");
  const ft = /^([A-Z0-9]+)_([A-Z0-9]+)-(\d+[mhdw])(?:-|$)/i.exec(name);
  if (ft) return { symbol: `${ft[1]?.toUpperCase()}/${ft[2]?.toUpperCase()}`, timeframe: ft[3]?.toLowerCase() ?? null };
  const bn = /^([A-Z0-9]+)-(\d+[mhdw])-/i.exec(name);
  if (bn) {
    const pair = (bn[1] as string).toUpperCase();
    const quote = QUOTES.find((q) => pair.endsWith(q) && pair.length > q.length);
    return { symbol: quote ? `${pair.slice(0, -quote.length)}/${quote}` : null, timeframe: bn[2]?.toLowerCase() ?? null };
  }
  return { symbol: null, timeframe: null };
}

const decimalsOf = (value: CandleInput["open"]): number => new Decimal(value as string).decimalPlaces();

/** Reads a candle file's rows (as the importer will) for its range, precision and market. */
export async function inspectCandleFile(
  path: string,
  options: { format?: string; symbol?: string; timeframe?: string } = {},
): Promise<CandleFile> {
  const format = candleFormatOf(path, options.format);
  const named = marketOfFileName(path);
  const symbol = options.symbol ?? named.symbol;
  if (symbol === null || !/^[A-Z0-9]+\/[A-Z0-9]+$/i.test(symbol))
    throw ValidationError.invalid(
      "symbol",
      symbol ?? path,
      "a BASE/QUOTE symbol: the file's name does not say which market it is, so give --symbol (e.g. --symbol BTC/USDT)",
    );
  const timeframe = options.timeframe ?? named.timeframe ?? "1m";
  const rows = await readCandleFileRows(path, format, timeframe);
  if (rows.rows.length === 0)
    throw ValidationError.invalid("file", path, `a file with candles (it has ${rows.read} rows, ${rows.rejected.length} bad)`);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let priceDecimals = 0;
  let volumeDecimals = 0;
  for (const r of rows.rows) {
    const t = new Date(r.time).getTime();
    if (t < first) first = t;
    if (t > last) last = t;
    priceDecimals = Math.max(priceDecimals, decimalsOf(r.open), decimalsOf(r.high), decimalsOf(r.low), decimalsOf(r.close));
    volumeDecimals = Math.max(volumeDecimals, decimalsOf(r.volume));
  }
  return {
    path,
    format,
    symbol: symbol.toUpperCase(),
    timeframe,
    first: new Date(first),
    last: new Date(last),
    candles: rows.rows,
    rejected: rows.rejected,
    priceDecimals: Math.min(priceDecimals, 12),
    volumeDecimals: Math.min(volumeDecimals, 8),
  };
}

/**
 * Makes sure the paper venue lists the file's market: a symbol already in the catalog keeps its
 * rules; one it lacks is added to `paper` with the precision the file's prices and volumes use
 * (tradekit's simulated venue may list any market; real exchanges keep their own catalogs).
 */
export async function ensurePaperSymbol(database: Database, file: CandleFile): Promise<{ created: boolean }> {
  return withDatabase(async (db) => {
    if (await db.symbols.findBySymbol("paper", file.symbol)) return { created: false };
    const [base, quote] = file.symbol.split("/") as [string, string];
    await db.symbols.create({
      exchange: "paper",
      symbol: file.symbol,
      baseCurrency: base,
      quoteCurrency: quote,
      pricePrecision: file.priceDecimals,
      volumePrecision: file.volumeDecimals,
      tickSize: new Decimal(10).pow(-file.priceDecimals).toFixed(),
      minLot: new Decimal(10).pow(-file.volumeDecimals).toFixed(),
    });
    return { created: true };
  }, database);
}
