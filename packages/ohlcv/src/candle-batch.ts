import { type Candle, type CandleInput, type Timeframe, ValidationError } from "@tradekit/domain";
import { type CandleRecord, candleTime, toCandleRecord, toCandleRecords } from "./candle-record.js";

type Input = CandleInput | Candle;

/**
 * A batch of candles to write, with every time already checked. The rest of each row is validated
 * by `record(i)` as the bulk load serializes it, so that JavaScript validates and formats while
 * the server parses the rows before; a bad row then aborts the load inside its transaction, and
 * nothing is written.
 */
export interface CandleBatch {
  /** Rows to write (after last-wins for upserts). */
  readonly length: number;
  readonly first: number;
  readonly last: number;
  /** The validated row `i` of the write; throws ValidationError.inRow naming its index in the input. */
  record(i: number): CandleRecord;
}

// Called when row `row` of the input is bad for a reason found before full validation (its time,
// a duplicate): the rows before it are validated first, so the error names the first bad row.
function failAt(inputs: readonly Input[], timeframe: Timeframe, row: number, error: unknown): never {
  toCandleRecords(inputs.slice(0, row), timeframe);
  throw ValidationError.inRow(row, error, "candle");
}

function checkedTimes(inputs: readonly Input[], timeframe: Timeframe): Float64Array {
  const times = new Float64Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    try {
      times[i] = candleTime(inputs[i] as Input, timeframe);
    } catch (error) {
      failAt(inputs, timeframe, i, error);
    }
  }
  return times;
}

// Bulk loads come sorted almost always; one comparison per row then proves there are no duplicates.
function strictlyIncreasing(times: Float64Array): boolean {
  for (let i = 1; i < times.length; i++) if ((times[i] as number) <= (times[i - 1] as number)) return false;
  return true;
}

function rejectDuplicates(inputs: readonly Input[], timeframe: Timeframe, times: Float64Array): void {
  const seen = new Set<number>();
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (seen.has(t)) {
      // The repeated row's own fields come first, as they would for a row of any other batch.
      toCandleRecords(inputs.slice(0, i + 1), timeframe);
      throw ValidationError.inRow(
        i,
        ValidationError.invalid("time", new Date(t), "unique within the batch (use upsertMany to replace)"),
        "candle",
      );
    }
    seen.add(t);
  }
}

// Input index of the last candle of each time, in time order: a batch that says a bucket twice means its later word.
function lastWins(times: Float64Array): number[] | null {
  const index = new Map<number, number>();
  for (let i = 0; i < times.length; i++) index.set(times[i] as number, i);
  if (index.size === times.length) return null;
  return [...index.values()].sort((a, b) => (times[a] as number) - (times[b] as number));
}

/**
 * Checks the times of a batch (aligned, and unique for inserts) and returns it ready to stream.
 * An upsert batch with repeated times is validated whole here, since the rows it drops are never
 * serialized and must still be valid.
 */
export function candleBatch(inputs: readonly Input[], timeframe: Timeframe, mode: "insert" | "upsert"): CandleBatch {
  const times = checkedTimes(inputs, timeframe);
  const sorted = strictlyIncreasing(times);
  if (mode === "insert" && !sorted) rejectDuplicates(inputs, timeframe, times);
  const order = mode === "upsert" && !sorted ? lastWins(times) : null;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  if (order !== null) {
    const records = toCandleRecords(inputs, timeframe);
    return { length: order.length, first, last, record: (i) => records[order[i] as number] as CandleRecord };
  }
  return {
    length: inputs.length,
    first,
    last,
    record(i) {
      try {
        return toCandleRecord(inputs[i] as Input, timeframe, times[i] as number);
      } catch (error) {
        throw ValidationError.inRow(i, error, "candle");
      }
    },
  };
}
