export { type BarResult, Bench, type BenchOptions, type RunOptions, runBench } from "./bench.js";
export { type Measurement, measure, measurePair, percentile } from "./measure.js";
