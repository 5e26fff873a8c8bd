import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Measurement, measure } from "./measure.js";

export interface BarResult {
  name: string;
  figure: string;
  ratio: number;
  bar: string;
  ok: boolean;
}

export interface BenchOptions {
  runs?: number;
  warmup?: number;
  setup?: () => unknown | Promise<unknown>;
  baselineSetup?: () => unknown | Promise<unknown>;
}

type Work = () => unknown | Promise<unknown>;

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toPrecision(3));

/** Collects ratio rows against their bars (DESIGN.md §9) and prints them as a table. */
export class Bench {
  readonly rows: BarResult[] = [];
  constructor(readonly title: string) {}

  /** Throughput: `ops` units of work per run; passes when ours/baseline ops/s >= `atLeast`. */
  async rate(
    name: string,
    ops: number,
    ours: Work | Measurement,
    baseline: Work | Measurement,
    atLeast: number,
    options: BenchOptions = {},
  ): Promise<BarResult> {
    const base = await this.#baseline(baseline, options);
    const mine = await this.#ours(ours, options);
    const oursRate = ops / mine.seconds;
    const baseRate = ops / base.seconds;
    const ratio = oursRate / baseRate;
    return this.#push({
      name,
      figure: `${fmt(oursRate)}/s vs baseline ${fmt(baseRate)}/s`,
      ratio,
      bar: `>= ${atLeast}`,
      ok: ratio >= atLeast,
    });
  }

  /** Time: passes when ours/baseline time <= `atMost`. */
  async time(
    name: string,
    ours: Work | Measurement,
    baseline: Work | Measurement,
    atMost: number,
    options: BenchOptions = {},
  ): Promise<BarResult> {
    const base = await this.#baseline(baseline, options);
    const mine = await this.#ours(ours, options);
    const ratio = mine.seconds / base.seconds;
    return this.#push({
      name,
      figure: `${fmt(mine.seconds * 1000)} ms vs baseline ${fmt(base.seconds * 1000)} ms`,
      ratio,
      bar: `<= ${atMost}x`,
      ok: ratio <= atMost,
    });
  }

  /** An absolute figure with an upper bar (p99 latency, heap size); `max` undefined only reports. */
  value(name: string, value: number, unit: string, max?: number): BarResult {
    return this.#push({
      name,
      figure: `${fmt(value)} ${unit}`,
      ratio: max === undefined ? Number.NaN : value / max,
      bar: max === undefined ? "reported" : `<= ${max} ${unit}`,
      ok: max === undefined || value <= max,
    });
  }

  async #ours(ours: Work | Measurement, options: BenchOptions): Promise<Measurement> {
    return typeof ours === "function" ? measure(ours, options) : ours;
  }

  async #baseline(baseline: Work | Measurement, options: BenchOptions): Promise<Measurement> {
    if (typeof baseline !== "function") return baseline;
    return measure(baseline, { ...options, setup: options.baselineSetup ?? options.setup });
  }

  #push(row: BarResult): BarResult {
    this.rows.push(row);
    const ratio = Number.isNaN(row.ratio) ? "" : ` ratio ${row.ratio.toFixed(3)}`;
    console.log(`  ${row.ok ? "ok  " : "MISS"} ${row.name}: ${row.figure}${ratio} (bar ${row.bar})`);
    return row;
  }

  /** Prints the summary, writes .bench-results/<title>.json and returns whether every bar held. */
  finish(): boolean {
    const missed = this.rows.filter((r) => !r.ok);
    console.log(`\n${this.title}: ${this.rows.length - missed.length} of ${this.rows.length} bars met`);
    mkdirSync(".bench-results", { recursive: true });
    writeFileSync(
      join(".bench-results", `${this.title.replace(/[^a-z0-9]+/gi, "-")}.json`),
      `${JSON.stringify(this.rows, null, 2)}\n`,
    );
    return missed.length === 0;
  }
}

/** Runs a benchmark script body and sets a failing exit code when any bar is missed. */
export async function runBench(title: string, body: (bench: Bench) => Promise<void>): Promise<void> {
  console.log(`── ${title} ──`);
  const bench = new Bench(title);
  await body(bench);
  if (!bench.finish()) process.exitCode = 1;
}
