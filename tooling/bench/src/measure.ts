import { performance } from "node:perf_hooks";

export interface Measurement {
  /** Median wall time of one run, in seconds. */
  seconds: number;
  /** Every run's wall time, in seconds. */
  samples: number[];
}

type Step = () => unknown | Promise<unknown>;

/** One run of `fn`, after `setup` (untimed), in seconds. */
async function timeOnce(fn: Step, setup?: Step): Promise<number> {
  await setup?.();
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/**
 * Runs `fn` `runs` times after `warmup` unmeasured runs and returns the median time.
 * `setup` runs before each run, outside the timing (for truncating a table, say).
 */
export async function measure(
  fn: Step,
  { runs = 3, warmup = 1, setup }: { runs?: number; warmup?: number; setup?: Step } = {},
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await timeOnce(fn, setup);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeOnce(fn, setup));
  return { seconds: percentile(samples, 50), samples };
}

/** The p-th percentile (0-100) of `values`, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Times `ours` and `baseline` alternately — `warmup` unmeasured runs of each, then `runs` of each,
 * baseline first in every pair — and returns both medians. On a shared machine the load changes
 * from second to second; alternating exposes both sides to the same load, where timing one after
 * the other does not. `setup` runs before each run of ours, `baselineSetup` before each of the
 * baseline, outside the timing.
 */
export async function measurePair(
  ours: Step,
  baseline: Step,
  { runs = 3, warmup = 1, setup, baselineSetup }: { runs?: number; warmup?: number; setup?: Step; baselineSetup?: Step } = {},
): Promise<{ ours: Measurement; baseline: Measurement }> {
  for (let i = 0; i < warmup; i++) {
    await timeOnce(baseline, baselineSetup);
    await timeOnce(ours, setup);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(await timeOnce(baseline, baselineSetup));
    a.push(await timeOnce(ours, setup));
  }
  return { ours: { seconds: percentile(a, 50), samples: a }, baseline: { seconds: percentile(b, 50), samples: b } };
}
