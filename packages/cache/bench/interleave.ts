import { performance } from "node:perf_hooks";
import { percentile } from "@tradekit/bench";

export interface Pair {
  /** Median seconds of ours and of the baseline. */
  ours: number;
  baseline: number;
}

/**
 * Times `ours` and `baseline` alternately, `rounds` times each after one warm-up of each, and
 * returns their medians: on a shared machine the load changes from second to second, and
 * alternating exposes both sides to the same load, where measuring one after the other does not.
 */
export async function interleave(ours: () => Promise<unknown>, baseline: () => Promise<unknown>, rounds: number): Promise<Pair> {
  await baseline();
  await ours();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    await baseline();
    b.push((performance.now() - start) / 1000);
    start = performance.now();
    await ours();
    a.push((performance.now() - start) / 1000);
  }
  return { ours: percentile(a, 50), baseline: percentile(b, 50) };
}
