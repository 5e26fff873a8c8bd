import { ValidationError } from "@tradekit/domain";
import type { CandleFileFormat, TradeFileFormat } from "@tradekit/ohlcv";

/** The candle file formats `import candles` reads. */
export const CANDLE_FORMATS: readonly CandleFileFormat[] = ["freqtrade", "binance"];
/** The trade file formats `import trades` reads. */
export const TRADE_FORMATS: readonly TradeFileFormat[] = ["freqtrade", "kraken"];

const ext = (path: string): "json" | "csv" | null => {
  const m = /\.(json|csv)(\.gz)?$/i.exec(path);
  return m ? (m[1]?.toLowerCase() as "json" | "csv") : null;
};

/** The format given, checked, or the one the file's name says (.json: freqtrade, .csv: `csv`), gzip or not. */
export function formatOf<F extends string>(path: string, given: string | undefined, known: readonly F[], csv: F): F {
  if (given !== undefined) {
    if ((known as readonly string[]).includes(given)) return given as F;
    throw ValidationError.invalid("format", given, known.join(" or "));
  }
  const kind = ext(path);
  if (kind === "json") return "freqtrade" as F;
  if (kind === "csv") return csv;
  throw ValidationError.invalid(
    "file",
    path,
    `a .json, .json.gz, .csv or .csv.gz file, or a --format (${known.join(" or ")}) saying how to read it`,
  );
}
