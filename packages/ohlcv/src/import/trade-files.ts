import { ValidationError } from "@tradekit/domain";
import type { RawTradeInput } from "../raw-trade.js";
import { csvLines, readFileText } from "./file-text.js";
import { type ExactJson, readJsonExact } from "./json-tokens.js";

/**
 * freqtrade's trades JSON (.json or .json.gz): an array of
 * `[time_ms, trade_id, order_id, side, price, amount, cost]`; prices and amounts keep the file's digits.
 */
export async function readFreqtradeTrades(path: string): Promise<RawTradeInput[]> {
  const doc = readJsonExact(await readFileText(path), path);
  if (!Array.isArray(doc)) throw ValidationError.invalid("file", path, "a JSON array of trades");
  return doc.map((row: ExactJson, i) => {
    if (!Array.isArray(row) || row.length < 6) {
      throw ValidationError.inRow(
        i,
        ValidationError.invalid("row", row, "[time_ms, id, order, side, price, amount, cost]"),
        "trade",
      );
    }
    const [time, id, , side, price, amount] = row as (string | null)[];
    if (!/^\d+(\.\d+)?$/.test(String(time)))
      throw ValidationError.inRow(i, ValidationError.invalid("time", time, "epoch ms"), "trade");
    return {
      tradeId: id ?? String(time),
      time: Math.floor(Number(time)),
      price: price as string,
      volume: amount as string,
      side: (side ?? null) as RawTradeInput["side"],
    };
  });
}

// "1672531436.1234" seconds -> 1672531436123 ms, from the digits, without a float in between.
const secondsToMs = (text: string): number => {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw ValidationError.invalid("time", text, "unix seconds such as 1672531436 or 1672531436.123");
  return Number(m[1]) * 1000 + Number(((m[2] ?? "") + "000").slice(0, 3));
};

/**
 * Kraken's trades CSV export, no header: `unix_seconds, price, volume` (more columns ignored).
 * Kraken gives no trade id, so each trade's id is its time text and its rank among the trades of
 * that same time in the file ("1672533909-1"): two trades in the same second stay two, and
 * importing the same export twice stores each once.
 */
export async function readKrakenTrades(path: string): Promise<RawTradeInput[]> {
  const seen = new Map<string, number>();
  return csvLines(await readFileText(path)).map(({ line, cells }, i) => {
    try {
      const [time, price, volume] = cells as string[];
      if (time === undefined || price === undefined || volume === undefined)
        throw ValidationError.invalid("line", cells.join(","), "unix_seconds,price,volume");
      const rank = seen.get(time) ?? 0;
      seen.set(time, rank + 1);
      return { tradeId: `${time}-${rank}`, time: secondsToMs(time), price, volume, side: null };
    } catch (error) {
      throw ValidationError.inRow(i, error, `trade (line ${line})`);
    }
  });
}
