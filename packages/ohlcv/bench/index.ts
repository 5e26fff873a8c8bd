import { runBench } from "@tradekit/bench";
import { embeddedBench } from "./embedded-bench.js";
import { postgresBench } from "./postgres-bench.js";

// OHLCV_BENCH=postgres or =embedded runs one half; both by default.
const only = process.env.OHLCV_BENCH;
if (only !== "embedded") await runBench("ohlcv-postgres", postgresBench);
if (only !== "postgres") await runBench("ohlcv-embedded", embeddedBench);
