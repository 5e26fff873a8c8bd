import { describe, expect, it } from "vitest";
import { Bench, measure, measurePair, percentile } from "../src/index.js";

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

  it("combines a row measured in several processes into the median ratio, with its spread", async () => {
    const m = (seconds: number) => ({ seconds, samples: [seconds] });
    const one = new Bench("process");
    // three processes: ratios 0.08, 0.12 and 0.11 — one draw misses the bar, the median meets it
    const rows = [
      await one.rate("loop", 1000, m(1 / 800), m(1 / 10_000), 0.1),
      await one.rate("loop", 1000, m(1 / 960), m(1 / 8_000), 0.1),
      await one.rate("loop", 1000, m(1 / 990), m(1 / 9_000), 0.1),
    ];
    expect(rows.map((r) => r.ok)).toEqual([false, true, true]);
    const combined = new Bench("median").combine(rows);
    expect(combined.ok).toBe(true);
    expect(combined.ratio).toBeCloseTo(0.11, 10);
    expect(combined.ours).toBeCloseTo(960_000, 3);
    expect(combined.baseline).toBeCloseTo(9_000_000, 3);
    expect(combined.spread).toEqual({ min: rows[0]?.ratio, max: rows[1]?.ratio, processes: 3 });
    // a median below the bar misses, and a time's bar is an upper one
    expect(new Bench("miss").combine([rows[0], rows[0], rows[1]] as never).ok).toBe(false);
    // times of 1.5x, 1.2x and 1.3x the baseline: the median 1.3x is over a 1.25x bar
    const times = [
      await one.time("t", m(0.03), m(0.02), 1.25),
      await one.time("t", m(0.024), m(0.02), 1.25),
      await one.time("t", m(0.026), m(0.02), 1.25),
    ];
    const time = new Bench("time").combine(times);
    expect(time.ratio).toBeCloseTo(1.3, 10);
    expect(time.ok).toBe(false);
    expect(() => new Bench("mixed").combine([rows[0], times[0]] as never)).toThrow(/is not "loop"/);
    // values: the median against the bar; a reported-only value (no bar) always passes
    const heap = [one.value("heap", 70, "MB", 64), one.value("heap", 50, "MB", 64), one.value("heap", 60, "MB", 64)];
    const median = new Bench("values").combine(heap);
    expect([median.ours, median.ok]).toEqual([60, true]);
    const p50 = new Bench("reported").combine([one.value("p50", 0.2, "ms"), one.value("p50", 0.1, "ms")]);
    expect([p50.ok, Number.isNaN(p50.ratio)]).toEqual([true, true]);
    expect(() => new Bench("empty").combine([])).toThrow(/no rows/);
  });

  it("times ours and the baseline alternately, baseline first in every pair", async () => {
    const calls: string[] = [];
    const pair = await measurePair(
      () => calls.push("ours"),
      () => calls.push("base"),
      { runs: 3, warmup: 1, setup: () => calls.push("setup"), baselineSetup: () => calls.push("baseSetup") },
    );
    const round = ["baseSetup", "base", "setup", "ours"];
    expect(calls).toEqual([...round, ...round, ...round, ...round]);
    expect(pair.ours.samples).toHaveLength(3);
    expect(pair.baseline.samples).toHaveLength(3);
    // through Bench: the same alternation, judged like any rate
    const order: string[] = [];
    const row = await new Bench("pair").rate(
      "alternate",
      10,
      () => order.push("o"),
      () => order.push("b"),
      0,
      {
        runs: 2,
        warmup: 0,
        interleave: true,
      },
    );
    expect(order).toEqual(["b", "o", "b", "o"]);
    expect(row.ok).toBe(true);
  });
});
