// Not part of `pnpm bench`: the same fills as position.bench.ts, timed by CPU time rather than wall
// time (on a loaded machine CPU time counts the work, not the waiting), for quick comparisons and
// for `node --cpu-prof --import tsx bench/profile-position.ts`.
import { Decimal, Position, type PositionTrade } from "../src/index.js";
import { FloatFifo, type FloatTrade } from "./float-fifo.js";

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
const floats: FloatTrade[] = exact.map((t) => ({ volume: Number(t.volume), price: Number(t.price), fee: Number(t.fee) }));
const runs = Number(process.argv[2] ?? 6);
const cpuMs = (f: () => void): number => {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ours: number[] = [];
const base: number[] = [];
let out = "";
for (let r = 0; r < runs; r++) {
  ours.push(
    cpuMs(() => {
      const p = new Position({ symbol: "BTC/USDT" });
      for (const t of exact) p.addTrade(t);
      out = p.realizedPnl.toFixed(8);
    }),
  );
  base.push(
    cpuMs(() => {
      const p = new FloatFifo();
      for (const t of floats) p.addTrade(t);
    }),
  );
}
const rate = (ms: number): string => (N / (ms / 1000)).toFixed(0);
const best = (xs: number[]): number => Math.min(...xs);
console.log(
  `CPU time: exact ${rate(median(ours))}/s (best ${rate(best(ours))}), float64 ${rate(median(base))}/s (best ${rate(best(base))});` +
    ` ratio of medians ${(median(base) / median(ours)).toFixed(3)}, of bests ${(best(base) / best(ours)).toFixed(3)}; realized ${out}`,
);
