import { performance } from "node:perf_hooks";
import { TickCache } from "../src/index.js";

const ticks = await TickCache.open({ redisUrl: "redis://127.0.0.1:6379", keyPrefix: "tkprof:", commandTimeoutMs: 5000 });
const batches = Array.from({ length: 200 }, (_, r) =>
  Array.from({ length: 500 }, (_, i) => ({
    symbol: `SYM${i}/USDT`,
    last: `1000${r}.121`,
    bid: "10000.121",
    ask: "10001.5",
    volume: "3.25",
    time: 1700000000000,
  })),
);
for (const inflight of [1, 4, 8, 16]) {
  for (let k = 0; k < 2; k++) {
    const c0 = process.cpuUsage();
    const s = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inflight }, async () => {
        while (next < batches.length) await ticks.updateTicker("x", batches[next++]!);
      }),
    );
    const wall = performance.now() - s;
    const cpu = process.cpuUsage(c0);
    console.log(
      `inflight ${inflight}: ${((100000 / wall) * 1000).toFixed(0)}/s wall ${wall.toFixed(0)}ms node cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)}ms`,
    );
  }
}
await (ticks.store as any).client.del("tkprof:tick:x");
process.exit(0);
