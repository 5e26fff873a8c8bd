export { type BarResult, Bench, type BenchOptions, type RunOptions, runBench } from "./bench.js";
export { type Measurement, measure, percentile } from "./measure.js";
