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
    // Measurements given directly: the verdict logic is what is under test, not this machine's speed.
    const m = (seconds: number) => ({ seconds, samples: [seconds] });
    const bench = new Bench("unit");
    const fast = await bench.rate("fast vs slow", 100, m(0.002), m(0.02), 2);
    expect(fast.ok).toBe(true);
    expect(fast.ratio).toBeCloseTo(10, 10);
    expect((await bench.rate("too slow", 100, m(0.02), m(0.03), 2)).ok).toBe(false);
    const slow = await bench.time("slow vs fast", m(0.02), m(0.002), 2);
    expect(slow.ok).toBe(false);
    expect(slow.ratio).toBeCloseTo(10, 10);
    expect((await bench.time("within", m(0.0021), m(0.002), 1.25)).ok).toBe(true);
    expect(bench.value("heap", 70, "MB", 64).ok).toBe(false);
    expect(bench.value("p99", 0.4, "ms", 1).ok).toBe(true);
    expect(bench.rows.map((r) => r.ok)).toEqual([true, false, false, true, false, true]);
  });
});
