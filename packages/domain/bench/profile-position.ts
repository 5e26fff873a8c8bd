// Profiling helper (not part of `pnpm bench`): runs only the exact side, for `node --cpu-prof`.
import { Decimal, Position, type PositionTrade } from "../src/index.js";

const N = 200_000;
function fills(n: number): PositionTrade[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const exact: PositionTrade[] = [];
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
  }
  return exact;
}
const exact = fills(N);
const runs = Number(process.argv[2] ?? 6);
const times: number[] = [];
let out = "";
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  const p = new Position({ symbol: "BTC/USDT" });
  for (const t of exact) p.addTrade(t);
  out = p.realizedPnl.toFixed(8);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  `median ${(N / (times[times.length >> 1]! / 1000)).toFixed(0)} fills/s, best ${(N / (times[0]! / 1000)).toFixed(0)}; realized ${out}`,
);
