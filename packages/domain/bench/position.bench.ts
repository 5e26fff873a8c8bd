import { runBench } from "@tradekit/bench";
import { Decimal, Position, type PositionTrade } from "../src/index.js";
import { FloatFifo, type FloatTrade } from "./float-fifo.js";

const N = 200_000;

// A deterministic stream of fills: sides alternate, sizes 0.001..2 BTC with 3 decimals, prices a
// random walk around 67000 with 2 decimals, fees 0.04% of notional to 4 decimals, every 7th a rebate.
function fills(n: number): { exact: PositionTrade[]; float: FloatTrade[] } {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const exact: PositionTrade[] = [];
  const float: FloatTrade[] = [];
  let cents = 6_700_000;
  for (let i = 0; i < n; i++) {
    cents += Math.round((next() - 0.5) * 2_000);
    const milli = 1 + Math.floor(next() * 2_000);
    const volume = new Decimal(i % 2 === 0 ? milli : -milli).div(1000);
    const price = new Decimal(cents).div(100);
    const fee = volume
      .abs()
      .times(price)
      .times(i % 7 === 0 ? "-0.0001" : "0.0004")
      .toDecimalPlaces(4);
    exact.push({ volume, price, fee });
    float.push({ volume: volume.toNumber(), price: price.toNumber(), fee: fee.toNumber() });
  }
  return { exact, float };
}

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
