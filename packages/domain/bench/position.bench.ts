import { runBench } from "@tradekit/bench";
import { Position } from "../src/index.js";
import { fills } from "./fills.js";
import { FloatFifo } from "./float-fifo.js";

const N = 200_000;

const { exact, float } = fills(N);
let exactRealized = "";
let floatRealized = 0;

await runBench("domain", async (bench) => {
  await bench.rate(
    `Position.addTrade exact (fifo), ${N.toLocaleString("en-US")} fills`,
    N,
    () => {
      const p = new Position({ symbol: "BTC/USDT" });
      for (const t of exact) p.addTrade(t);
      exactRealized = p.realizedPnl.toFixed(8);
    },
    () => {
      const p = new FloatFifo();
      for (const t of float) p.addTrade(t);
      floatRealized = p.realized;
    },
    0.1,
    // this 2-core machine is shared: more runs make the medians steadier
    { runs: 5, warmup: 1 },
  );
  console.log(`  realized PnL: exact ${exactRealized}, float64 ${floatRealized}`);
});
