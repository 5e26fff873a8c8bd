export { type BarResult, Bench, type BenchOptions, runBench } from "./bench.js";
export { type Measurement, measure, percentile } from "./measure.js";
