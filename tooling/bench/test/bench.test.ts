import { describe, expect, it } from "vitest";
import { Bench, measure, percentile } from "../src/index.js";

describe("bench harness", () => {
  it("takes the median of its runs and the nearest-rank percentile", async () => {
    let calls = 0;
    const m = await measure(
      () => {
        calls += 1;
      },
      { runs: 5, warmup: 2 },
    );
    expect(calls).toBe(7);
    expect(m.samples).toHaveLength(5);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(() => percentile([], 50)).toThrow(/no values/);
  });

  it("judges a rate and a time against their bars", async () => {
    const bench = new Bench("unit");
    const busy = (ms: number) => () => {
      const end = performance.now() + ms;
      while (performance.now() < end) {}
    };
    const fast = await bench.rate("fast vs slow", 100, busy(2), busy(20), 2, { runs: 3, warmup: 0 });
    expect(fast.ok).toBe(true);
    expect(fast.ratio).toBeGreaterThan(2);
    const slow = await bench.time("slow vs fast", busy(20), busy(2), 2, { runs: 3, warmup: 0 });
    expect(slow.ok).toBe(false);
    expect(bench.value("heap", 70, "MB", 64).ok).toBe(false);
    expect(bench.value("p99", 0.4, "ms", 1).ok).toBe(true);
  });
});
