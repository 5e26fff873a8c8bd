import { measurePair } from "@tradekit/bench";

export interface Pair {
  /** Median seconds of ours and of the baseline. */
  ours: number;
  baseline: number;
}

/**
 * Times `ours` and `baseline` alternately, `rounds` times each after one warm-up of each, and
 * returns their medians: on a shared machine the load changes from second to second, and
 * alternating exposes both sides to the same load (the harness's measurePair).
 */
export async function interleave(ours: () => Promise<unknown>, baseline: () => Promise<unknown>, rounds: number): Promise<Pair> {
  const pair = await measurePair(ours, baseline, { runs: rounds, warmup: 1 });
  return { ours: pair.ours.seconds, baseline: pair.baseline.seconds };
}
