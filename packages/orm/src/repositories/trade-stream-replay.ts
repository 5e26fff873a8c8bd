import type { Position, PositionMethod } from "@tradekit/domain";
import { Trade } from "@tradekit/domain";
import { StreamMethodConflict } from "../database-errors.js";
import { type ResultColumns, resultColumns } from "../mapping/trade-mapping.js";
import { replayStream, type StreamFill } from "./stream-replay.js";
import { type NewFill, type StoredFill, type StreamKey, sameResult } from "./trade-stream-store.js";

/** New result columns for a stored fill. */
export interface ResultUpdate {
  id: number;
  values: ResultColumns;
}

/**
 * The method a write accounts `key` with: the one the stream was started with (`recorded`), or
 * for a stream not recorded yet the requested one (fifo by default). A request for another
 * method than the stream's is refused: changing it is changeStreamMethod's job.
 */
export function streamMethod(
  key: StreamKey,
  recorded: PositionMethod | null,
  requested: PositionMethod | undefined,
): PositionMethod {
  if (recorded === null) return requested ?? "fifo";
  if (requested !== undefined && requested !== recorded)
    throw new StreamMethodConflict(key.exId, key.symbol, recorded, requested);
  return recorded;
}

/**
 * Replays stored fills and new ones merged in stream order through `position`; queues the new
 * fills for insert and the stored ones whose result changed for update. Returns the last fill.
 */
export function replayMerged(
  position: Position,
  tail: readonly StoredFill[],
  fresh: readonly Trade[],
  inserts: NewFill[],
  updates: ResultUpdate[],
): StoredFill | Trade | undefined {
  const order: (StoredFill | Trade)[] = [];
  let a = 0;
  let b = 0;
  while (a < tail.length || b < fresh.length) {
    const s = tail[a];
    const f = fresh[b];
    // A stored fill of the same time came first: it goes first.
    if (s && (!f || s.time.getTime() <= f.time.getTime())) {
      order.push(s);
      a++;
    } else if (f) {
      order.push(f);
      b++;
    }
  }
  const fills: StreamFill[] = order.map((x) => (x instanceof Trade ? { volume: x.signedVolume, price: x.price, fee: x.fee } : x));
  const outcomes = replayStream(position, fills);
  for (const [i, x] of order.entries()) {
    const outcome = outcomes[i];
    if (!outcome) continue;
    if (x instanceof Trade) inserts.push({ trade: x, outcome });
    else {
      const values = resultColumns(outcome.result);
      if (!sameResult(x.stored, values)) updates.push({ id: x.id, values });
    }
  }
  return order[order.length - 1];
}
