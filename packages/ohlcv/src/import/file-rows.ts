import { type CandleInput, ValidationError } from "@tradekit/domain";
import { toCandleRecord } from "../candle-record.js";
import { type RawTradeInput, toRawTradeRecords } from "../raw-trade.js";
import { type TimeframeInput, timeframeOf } from "../timeframe-input.js";
import { csvLines, readFileText } from "./file-text.js";
import { type ExactJson, readJsonExact } from "./json-tokens.js";

/** The candle file formats readCandleFileRows knows (see the README's import table). */
export type CandleFileFormat = "freqtrade" | "binance";
/** The trade file formats readTradeFileRows knows. */
export type TradeFileFormat = "freqtrade" | "kraken";

/** A row of a file that cannot be stored, and why. */
export interface RowProblem {
  /** 1-based position among the file's data rows (JSON entries, CSV lines without the header). */
  readonly row: number;
  /** 1-based line of the file for line formats (CSV); null for JSON. */
  readonly line: number | null;
  readonly reason: string;
}

/** Every row of a file, checked one by one: the good ones and the bad ones with their reasons. */
export interface FileRows<T> {
  /** Data rows in the file (good + rejected). */
  readonly read: number;
  /** The rows that passed every check the store makes, in file order. */
  readonly rows: T[];
  readonly rejected: RowProblem[];
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const epochMs = (text: string, field: string): number => {
  if (!/^\d+$/.test(text)) throw ValidationError.invalid(field, text, "epoch milliseconds");
  return Number(text);
};

const secondsToMs = (text: string): number => {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw ValidationError.invalid("time", text, "unix seconds such as 1672531436 or 1672531436.123");
  return Number(m[1]) * 1000 + Number(((m[2] ?? "") + "000").slice(0, 3));
};

function collect<T>(entries: { line: number | null; parse: () => T; check: (value: T) => void }[]): FileRows<T> {
  const rows: T[] = [];
  const rejected: RowProblem[] = [];
  entries.forEach((entry, i) => {
    try {
      const value = entry.parse();
      entry.check(value);
      rows.push(value);
    } catch (error) {
      rejected.push({ row: i + 1, line: entry.line, reason: reasonOf(error) });
    }
  });
  return { read: entries.length, rows, rejected };
}

async function jsonArray(path: string, expected: string): Promise<ExactJson[]> {
  const doc = readJsonExact(await readFileText(path), path);
  if (!Array.isArray(doc)) throw ValidationError.invalid("file", path, expected);
  return doc;
}

/**
 * Reads a candle file (.gz too) row by row, running on each row the checks a write makes (format,
 * bucket alignment to `timeframe`, exact OHLC rules), so a caller can store the good rows only or
 * refuse the file naming its first bad row. A file that is not of the format at all throws.
 * The same formats as readFreqtradeCandles and readBinanceKlines, which stop at the first bad row.
 */
export async function readCandleFileRows(
  path: string,
  format: CandleFileFormat,
  timeframe: TimeframeInput = "1m",
): Promise<FileRows<CandleInput>> {
  const tf = timeframeOf(timeframe);
  const check = (c: CandleInput) => void toCandleRecord(c, tf);
  if (format === "freqtrade") {
    const doc = await jsonArray(path, "a JSON array of [time, open, high, low, close, volume]");
    return collect(
      doc.map((row) => ({
        line: null,
        check,
        parse: (): CandleInput => {
          if (!Array.isArray(row) || row.length < 6)
            throw ValidationError.invalid("row", row, "[time_ms, open, high, low, close, volume]");
          const [time, open, high, low, close, volume] = row as string[];
          return { time: epochMs(String(time), "time"), open, high, low, close, volume } as CandleInput;
        },
      })),
    );
  }
  const lines = csvLines(await readFileText(path)).filter((r) => !/^[a-z_]/i.test(r.cells[0] ?? ""));
  return collect(
    lines.map(({ line, cells }) => ({
      line,
      check,
      parse: (): CandleInput => {
        if (cells.length < 9) throw ValidationError.invalid("line", cells.join(","), "at least 9 columns of a Binance kline");
        const [openTime, open, high, low, close, volume, , quoteVolume, trades] = cells as string[];
        const raw = epochMs(openTime as string, "open_time");
        const time = raw >= 1e14 ? Math.floor(raw / 1000) : raw;
        if (!/^\d+$/.test(trades as string)) throw ValidationError.invalid("number_of_trades", trades, "a whole number");
        return { time, open, high, low, close, volume, quoteVolume, tradeCount: Number(trades) } as CandleInput;
      },
    })),
  );
}

/**
 * Reads a raw trades file (.gz too) row by row with the checks saveTrades makes; like
 * readCandleFileRows. Kraken trade ids are `<time text>-<rank in that second>` as in readKrakenTrades,
 * the rank counted over every line of the second, so skipping a bad line keeps the others' ids.
 */
export async function readTradeFileRows(path: string, format: TradeFileFormat): Promise<FileRows<RawTradeInput>> {
  const check = (t: RawTradeInput) => {
    try {
      toRawTradeRecords([t]);
    } catch (error) {
      // The batch check wraps the reason in "trade 0 is invalid, ..."; the row here is the file's.
      throw error instanceof ValidationError && error.cause instanceof Error ? error.cause : error;
    }
  };
  if (format === "freqtrade") {
    const doc = await jsonArray(path, "a JSON array of trades");
    return collect(
      doc.map((row) => ({
        line: null,
        check,
        parse: (): RawTradeInput => {
          if (!Array.isArray(row) || row.length < 6)
            throw ValidationError.invalid("row", row, "[time_ms, id, order, side, price, amount, cost]");
          const [time, id, , side, price, amount] = row as (string | null)[];
          if (!/^\d+(\.\d+)?$/.test(String(time))) throw ValidationError.invalid("time", time, "epoch ms");
          return {
            tradeId: id ?? String(time),
            time: Math.floor(Number(time)),
            price: price as string,
            volume: amount as string,
            side: (side ?? null) as RawTradeInput["side"],
          };
        },
      })),
    );
  }
  const seen = new Map<string, number>();
  return collect(
    csvLines(await readFileText(path)).map(({ line, cells }) => {
      const [time, price, volume] = cells;
      const rank = time === undefined ? 0 : (seen.get(time) ?? 0);
      if (time !== undefined) seen.set(time, rank + 1);
      return {
        line,
        check,
        parse: (): RawTradeInput => {
          if (time === undefined || price === undefined || volume === undefined)
            throw ValidationError.invalid("line", cells.join(","), "unix_seconds,price,volume");
          return { tradeId: `${time}-${rank}`, time: secondsToMs(time), price, volume, side: null };
        },
      };
    }),
  );
}
