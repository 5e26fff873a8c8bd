import { performance } from "node:perf_hooks";

export interface Measurement {
  /** Median wall time of one run, in seconds. */
  seconds: number;
  /** Every run's wall time, in seconds. */
  samples: number[];
}

/**
 * Runs `fn` `runs` times after `warmup` unmeasured runs and returns the median time.
 * `setup` runs before each run, outside the timing (for truncating a table, say).
 */
export async function measure(
  fn: () => unknown | Promise<unknown>,
  { runs = 3, warmup = 1, setup }: { runs?: number; warmup?: number; setup?: () => unknown | Promise<unknown> } = {},
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) {
    await setup?.();
    await fn();
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await setup?.();
    const start = performance.now();
    await fn();
    samples.push((performance.now() - start) / 1000);
  }
  return { seconds: percentile(samples, 50), samples };
}

/** The p-th percentile (0-100) of `values`, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
