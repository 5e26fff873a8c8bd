import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Measurement, measure, measurePair, percentile } from "./measure.js";

export interface BarResult {
  name: string;
  figure: string;
  ratio: number;
  bar: string;
  ok: boolean;
  /** What the row measured, for combining rows of several processes. */
  kind: "rate" | "time" | "value";
  /** Ours and the baseline: ops/s for a rate, seconds for a time; the value itself for a value. */
  ours: number;
  baseline: number;
  /** The bar's number: a rate's least ratio, a time's greatest, a value's greatest (NaN: reported only). */
  limit: number;
  unit?: string;
  /** Across processes: the least and greatest ratio, and how many processes ran. */
  spread?: { min: number; max: number; processes: number };
}

export interface BenchOptions {
  runs?: number;
  warmup?: number;
  /** Time ours and the baseline alternately (measurePair) rather than one after the other. */
  interleave?: boolean;
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
    const { mine, base } = await this.#both(ours, baseline, options);
    const oursRate = ops / mine.seconds;
    const baseRate = ops / base.seconds;
    const ratio = oursRate / baseRate;
    return this.#push({
      name,
      figure: `${fmt(oursRate)}/s vs baseline ${fmt(baseRate)}/s`,
      ratio,
      bar: `>= ${atLeast}`,
      ok: ratio >= atLeast,
      kind: "rate",
      ours: oursRate,
      baseline: baseRate,
      limit: atLeast,
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
    const { mine, base } = await this.#both(ours, baseline, options);
    const ratio = mine.seconds / base.seconds;
    return this.#push({
      name,
      figure: `${fmt(mine.seconds * 1000)} ms vs baseline ${fmt(base.seconds * 1000)} ms`,
      ratio,
      bar: `<= ${atMost}x`,
      ok: ratio <= atMost,
      kind: "time",
      ours: mine.seconds,
      baseline: base.seconds,
      limit: atMost,
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
      kind: "value",
      ours: value,
      baseline: Number.NaN,
      limit: max ?? Number.NaN,
      unit,
    });
  }

  /** The baseline, then ours — or both alternately, with `interleave` and two pieces of work. */
  async #both(
    ours: Work | Measurement,
    baseline: Work | Measurement,
    options: BenchOptions,
  ): Promise<{ mine: Measurement; base: Measurement }> {
    if (options.interleave === true && typeof ours === "function" && typeof baseline === "function") {
      const pair = await measurePair(ours, baseline, { ...options, baselineSetup: options.baselineSetup ?? options.setup });
      return { mine: pair.ours, base: pair.baseline };
    }
    const base = await this.#baseline(baseline, options);
    return { mine: await this.#ours(ours, options), base };
  }

  async #ours(ours: Work | Measurement, options: BenchOptions): Promise<Measurement> {
    return typeof ours === "function" ? measure(ours, options) : ours;
  }

  async #baseline(baseline: Work | Measurement, options: BenchOptions): Promise<Measurement> {
    if (typeof baseline !== "function") return baseline;
    return measure(baseline, { ...options, setup: options.baselineSetup ?? options.setup });
  }

  /**
   * One row from the same row of several processes: the median ratio (each process's ratio pairs
   * ours with the baseline measured beside it), judged against the bar, with the median figures
   * and the spread of ratios. A JIT compiles a small hot loop differently from one process to the
   * next, so one process's ratio is one draw; the median of several is the steady figure.
   */
  combine(rows: readonly BarResult[]): BarResult {
    const first = rows[0];
    if (first === undefined) throw new Error("combine of no rows");
    for (const r of rows)
      if (r.name !== first.name || r.kind !== first.kind)
        throw new Error(`combine: row "${r.name}" (${r.kind}) is not "${first.name}" (${first.kind})`);
    const median = (values: number[]): number => percentile(values, 50);
    const ratios = rows.map((r) => r.ratio);
    const ours = median(rows.map((r) => r.ours));
    const baseline = median(rows.map((r) => r.baseline));
    const ratio = first.kind === "value" ? (Number.isNaN(first.limit) ? Number.NaN : ours / first.limit) : median(ratios);
    const figure =
      first.kind === "rate"
        ? `${fmt(ours)}/s vs baseline ${fmt(baseline)}/s (medians)`
        : first.kind === "time"
          ? `${fmt(ours * 1000)} ms vs baseline ${fmt(baseline * 1000)} ms (medians)`
          : `${fmt(ours)} ${first.unit ?? ""} (median)`;
    const ok = Number.isNaN(first.limit)
      ? true
      : first.kind === "rate"
        ? ratio >= first.limit
        : ratio <= (first.kind === "time" ? first.limit : 1);
    return this.#push({
      ...first,
      figure,
      ratio,
      ok,
      ours,
      baseline,
      spread: { min: Math.min(...ratios), max: Math.max(...ratios), processes: rows.length },
    });
  }

  #push(row: BarResult): BarResult {
    this.rows.push(row);
    const ratio = Number.isNaN(row.ratio) ? "" : ` ratio ${row.ratio.toFixed(3)}`;
    const spread =
      row.spread === undefined || Number.isNaN(row.ratio)
        ? ""
        : `, per process ${row.spread.min.toFixed(3)}..${row.spread.max.toFixed(3)} over ${row.spread.processes}`;
    console.log(`  ${row.ok ? "ok  " : "MISS"} ${row.name}: ${row.figure}${ratio}${spread} (bar ${row.bar})`);
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

/** Set in a process runBench starts: where that process writes its rows. */
const WORKER = "TRADEKIT_BENCH_ROWS";

export interface RunOptions {
  /**
   * Runs the whole script in this many fresh processes, one after another, and judges each row
   * on the median over them (Bench.combine). Default 1: in this process.
   */
  processes?: number;
}

/** Runs a benchmark script body and sets a failing exit code when any bar is missed. */
export async function runBench(title: string, body: (bench: Bench) => Promise<void>, options: RunOptions = {}): Promise<void> {
  const out = process.env[WORKER];
  const processes = options.processes ?? 1;
  if (out === undefined && processes > 1) {
    acrossProcesses(title, processes);
    return;
  }
  console.log(out === undefined ? `── ${title} ──` : `── ${title}, ${process.env[`${WORKER}_LABEL`] ?? "a process"} ──`);
  const bench = new Bench(title);
  await body(bench);
  if (out !== undefined) writeFileSync(out, JSON.stringify(bench.rows));
  else if (!bench.finish()) process.exitCode = 1;
}

/** This script again in `processes` fresh processes (same Node flags and loaders), rows combined. */
function acrossProcesses(title: string, processes: number): void {
  const runs: BarResult[][] = [];
  for (let i = 1; i <= processes; i++) {
    const file = join(tmpdir(), `tradekit-bench-${process.pid}-${i}.json`);
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, [WORKER]: file, [`${WORKER}_LABEL`]: `process ${i} of ${processes}` },
    });
    if (child.error !== undefined) throw child.error;
    if (child.status !== 0)
      throw new Error(`${title}: benchmark process ${i} of ${processes} exited with ${child.status ?? child.signal}`);
    // JSON writes NaN (a reported-only row's bar, a value's baseline) as null; no field is null otherwise
    runs.push(JSON.parse(readFileSync(file, "utf8"), (_key, v: unknown) => (v === null ? Number.NaN : v)) as BarResult[]);
    rmSync(file);
  }
  const count = runs[0]?.length ?? 0;
  for (const [i, rows] of runs.entries())
    if (rows.length !== count) throw new Error(`${title}: process ${i + 1} measured ${rows.length} rows, process 1 ${count}`);
  console.log(`── ${title}: the median of ${processes} processes ──`);
  const bench = new Bench(title);
  for (let i = 0; i < count; i++) bench.combine(runs.map((rows) => rows[i] as BarResult));
  if (!bench.finish()) process.exitCode = 1;
}
