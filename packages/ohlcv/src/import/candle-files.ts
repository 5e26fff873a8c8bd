import { type CandleInput, ValidationError } from "@tradekit/domain";
import { csvLines, readFileText } from "./file-text.js";
import { type ExactJson, readJsonExact } from "./json-tokens.js";

const epochMs = (text: string, field: string): number => {
  if (!/^\d+$/.test(text)) throw ValidationError.invalid(field, text, "epoch milliseconds");
  return Number(text);
};

/**
 * freqtrade's JSON candles: an array of `[time_ms, open, high, low, close, volume]`. Each number
 * keeps the decimal text of the file. Row i of the result is row i of the file.
 */
export async function readFreqtradeCandles(path: string): Promise<CandleInput[]> {
  const doc = readJsonExact(await readFileText(path), path);
  if (!Array.isArray(doc)) throw ValidationError.invalid("file", path, "a JSON array of [time, open, high, low, close, volume]");
  return doc.map((row: ExactJson, i) => {
    if (!Array.isArray(row) || row.length < 6) {
      throw ValidationError.inRow(i, ValidationError.invalid("row", row, "[time_ms, open, high, low, close, volume]"), "candle");
    }
    const [time, open, high, low, close, volume] = row as string[];
    try {
      return { time: epochMs(String(time), "time"), open, high, low, close, volume } as CandleInput;
    } catch (error) {
      throw ValidationError.inRow(i, error, "candle");
    }
  });
}

/**
 * Binance's kline CSV (data.binance.vision), one kline a line, header optional:
 * `open_time, open, high, low, close, volume, close_time, quote_asset_volume, number_of_trades,
 * taker_buy_base_volume, taker_buy_quote_volume, ignore`. Times are epoch milliseconds, or
 * microseconds in the spot files since 2025 (told apart by size). Extra columns are ignored.
 */
export async function readBinanceKlines(path: string): Promise<CandleInput[]> {
  const rows = csvLines(await readFileText(path)).filter((r) => !/^[a-z_]/i.test(r.cells[0] ?? ""));
  return rows.map(({ line, cells }, i) => {
    try {
      if (cells.length < 9) throw ValidationError.invalid("line", cells.join(","), "at least 9 columns of a Binance kline");
      const [openTime, open, high, low, close, volume, , quoteVolume, trades] = cells as string[];
      const raw = epochMs(openTime as string, "open_time");
      const time = raw >= 1e14 ? Math.floor(raw / 1000) : raw; // microseconds in newer spot files
      if (!/^\d+$/.test(trades as string)) throw ValidationError.invalid("number_of_trades", trades, "a whole number");
      return { time, open, high, low, close, volume, quoteVolume, tradeCount: Number(trades) } as CandleInput;
    } catch (error) {
      throw ValidationError.inRow(i, error, `kline (line ${line})`);
    }
  });
}
