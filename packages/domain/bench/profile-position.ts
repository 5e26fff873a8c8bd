// Not part of `pnpm bench`: the same fills as position.bench.ts, timed by CPU time rather than wall
// time (on a loaded machine CPU time counts the work, not the waiting), for quick comparisons and
// for `node --cpu-prof --import tsx bench/profile-position.ts`.
import { Position } from "../src/index.js";
import { fills } from "./fills.js";
import { FloatFifo } from "./float-fifo.js";

const N = 200_000;
const { exact, float: floats } = fills(N);
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
