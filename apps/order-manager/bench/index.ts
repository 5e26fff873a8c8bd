// DESIGN.md §9-style bars for the order manager, against a baseline measured in the same run:
// requests/s from the stream to a filled order with its trade saved, through the paper venue, vs
// the same work done directly (saveOrder + saveTrades + the status cache write, no manager); and
// the latency from request to committed fill at 100 requests/s.
import { setTimeout as sleep } from "node:timers/promises";
import { percentile, runBench } from "@tradekit/bench";
import { AccountCache, OrdersCache, RedisStore, TickCache } from "@tradekit/cache";
import { loadConfig } from "@tradekit/config";
import { Order, Trade } from "@tradekit/domain";
import { Database, DatabaseContext, migrate } from "@tradekit/orm";
import { createTestDatabase, redisUrl } from "@tradekit/test-services";
import pg from "pg";
import { pino } from "pino";
import { createOrderManager, PaperVenue } from "../src/index.js";
import { seed } from "../test/support/seed.js";

const N = Number(process.env.OM_BENCH_N ?? 400);
const RATE = 100;
const SECONDS = Number(process.env.OM_BENCH_SECONDS ?? 10);

await runBench("order-manager", async (bench) => {
  const testDb = await createTestDatabase("om_bench");
  try {
    await migrate({ url: testDb.url });
    const database = await Database.connect({ url: testDb.url, poolSize: 4 });
    const store = await RedisStore.connect({ url: redisUrl(), commandTimeoutMs: 5_000 });
    const prefix = `tk_om_bench_${process.pid}:`;
    const cache = { store, keyPrefix: prefix };
    const orders = await OrdersCache.open(cache);
    const ticks = await TickCache.open(cache);
    const accounts = await AccountCache.open(cache);
    const ids = await seed(database, "bench");
    // The baseline books on an account of its own: its fills are not the paper venue's.
    const baseIds = await seed(database, "baseline");
    const venue = await PaperVenue.open({
      accountId: ids.accountId,
      store,
      keyPrefix: prefix,
      initialBalances: { USDT: "1000000000" },
    });
    const filledAt = new Map<string, number>();
    const logger = pino(
      { level: "info" },
      {
        write(line: string) {
          if (line.includes('"to":"filled"')) filledAt.set(JSON.parse(line).clientOrderId, performance.now());
        },
      },
    );
    const risk = { ...loadConfig({}).risk, maxPositionSize: null, maxRiskPerTradePct: loadConfig({}).risk.maxRiskPerTradePct };
    let seq = 0;
    const request = () =>
      Order.create({
        clientOrderId: `bench-${process.pid}-${++seq}`,
        botId: ids.botId,
        exId: ids.accountId,
        exchange: "paper",
        symbol: "BTC/USDT",
        orderType: "market",
        side: "buy",
        volume: "0.001",
        price: "50000",
      });
    const tick = async (publish: boolean, to: PaperVenue = venue) => {
      const now = new Date();
      if (publish) await ticks.updateTicker("paper", { symbol: "BTC/USDT", last: "50000", time: now });
      await to.onTicker({ symbol: "BTC/USDT", last: "50000", exchangeTime: now });
    };
    await tick(true);
    const manual = createOrderManager({
      database,
      orders,
      ticks,
      accounts,
      venues: new Map([[ids.accountId, venue]]),
      botIds: [ids.botId],
      risk,
      logger,
      options: { manual: true, batchSize: 100 },
    });
    await manual.start();

    let baseSeq = 0;
    await bench.rate(
      `${N} requests, stream -> filled order with its trade saved`,
      N,
      async () => {
        // A live ticker (the risk checks refuse one older than a minute; the baseline's runs came in between).
        await tick(true);
        const batch = Array.from({ length: N }, request);
        await orders.pushNewOrders(batch);
        await manual.drain();
        await tick(true);
        await manual.drain();
        if (batch.some((o) => !filledAt.has(o.clientOrderId))) throw new Error("an order did not fill");
      },
      async () => {
        for (let i = 0; i < N; i++) {
          const order = request().with({ botId: baseIds.botId, exId: baseIds.accountId }).transition("submit");
          let saved: Order;
          {
            await using db = await DatabaseContext.open(database);
            saved = await db.orders.saveOrder(order);
            await db.commit();
          }
          {
            await using db = await DatabaseContext.open(database);
            await db.trades.saveTrades([
              Trade.create({
                exTradeId: `base-${process.pid}-${++baseSeq}`,
                exId: baseIds.accountId,
                exOrderId: `b-${saved.id}`,
                symbol: "BTC/USDT",
                side: "buy",
                volume: "0.001",
                price: "50000",
                fee: "0.05",
                time: new Date(),
              }),
            ]);
            await db.commit();
          }
          await orders.setOrder("paper", saved.clientOrderId, { status: "filled", data: { filledVolume: "0.001" } });
        }
      },
      0.5,
      { runs: 3, warmup: 1 },
    );
    // The figures count only on books that agree with the venue (a halt would deny the live phase).
    const check = await manual.reconcile();
    if (check.issues.length > 0) throw new Error(`the books differ from the venue: ${check.issues.join("; ")}`);
    await manual.stop();

    // Latency, each run on a fresh account and bot of its own (the throughput runs left a position
    // of thousands of lots on theirs), requests sent on a 100/s schedule, a ticker every ~2 ms.
    const latency = async (label: string, side: (i: number) => "buy" | "sell", rate = RATE) => {
      const liveIds = await seed(database, label);
      const liveVenue = await PaperVenue.open({
        accountId: liveIds.accountId,
        store,
        keyPrefix: prefix,
        initialBalances: { USDT: "1000000000", BTC: "1000" },
      });
      const live = createOrderManager({
        database,
        orders,
        ticks,
        accounts,
        venues: new Map([[liveIds.accountId, liveVenue]]),
        botIds: [liveIds.botId],
        risk,
        logger,
        options: { blockMs: 20, consumer: `bench-${label}` },
      });
      await live.start();
      let feeding = true;
      const feed = (async () => {
        for (let i = 0; feeding; i++) {
          await tick(i % 50 === 0, liveVenue);
          await sleep(2);
        }
      })();
      const sentAt = new Map<string, number>();
      const start = performance.now();
      for (let i = 0; i < rate * SECONDS; i++) {
        const o = request().with({ botId: liveIds.botId, exId: liveIds.accountId, side: side(i) });
        sentAt.set(o.clientOrderId, performance.now());
        await orders.pushNewOrder(o);
        await sleep(Math.max(0, start + ((i + 1) * 1000) / rate - performance.now()));
      }
      const deadline = Date.now() + 30_000;
      while ([...sentAt.keys()].some((k) => !filledAt.has(k)) && Date.now() < deadline) await sleep(50);
      feeding = false;
      await feed;
      const latencies = [...sentAt].flatMap(([k, t]) => (filledAt.has(k) ? [(filledAt.get(k) as number) - t] : []));
      const status = await live.status();
      await live.stop();
      if (latencies.length !== sentAt.size)
        throw new Error(
          `${sentAt.size - latencies.length} orders did not fill: ${JSON.stringify((await orders.getOrder("paper", [...sentAt.keys()][0] as string))?.data.reasons)} ${JSON.stringify(status.ordersByStatus)} ${JSON.stringify(status.counters)}`,
        );
      return latencies;
    };
    // The floor of that path on this machine now: the two commits it cannot do without (the order
    // before the venue hears of it, then the fill), raw pg on loopback, on the same 100/s schedule.
    const floor = async (): Promise<number[]> => {
      const client = new pg.Client({ connectionString: testDb.url });
      await client.connect();
      await client.query("create table if not exists bench_floor (id bigserial primary key, v text not null)");
      const out: number[] = [];
      const start = performance.now();
      for (let i = 0; i < RATE * 3; i++) {
        const t = performance.now();
        for (const v of ["order", "fill"]) {
          await client.query("begin");
          await client.query("insert into bench_floor (v) values ($1)", [v]);
          await client.query("commit");
        }
        out.push(performance.now() - t);
        await sleep(Math.max(0, start + ((i + 1) * 1000) / RATE - performance.now()));
      }
      await client.end();
      return out;
    };
    const floorBefore = await floor();
    // A bot entering and leaving (buy, sell, buy, ...): its position stays within one lot.
    const roundTrips = await latency("live", (i) => (i % 2 === 0 ? "buy" : "sell"));
    bench.value("request -> committed fill at 100 requests/s, p50", percentile(roundTrips, 50), "ms");
    bench.value("request -> committed fill at 100 requests/s, p99", percentile(roundTrips, 99), "ms", 20);
    // The same at a fifth of the rate: what one request costs when none waits for another.
    const unhurried = await latency("unhurried", (i) => (i % 2 === 0 ? "buy" : "sell"), RATE / 5);
    bench.value(`the same at ${RATE / 5} requests/s, p50`, percentile(unhurried, 50), "ms");
    bench.value(`the same at ${RATE / 5} requests/s, p99`, percentile(unhurried, 99), "ms");
    const floors = [...floorBefore, ...(await floor())];
    bench.value("floor: two raw pg commits per request (before and after), p50", percentile(floors, 50), "ms");
    bench.value("floor: two raw pg commits per request (before and after), p99", percentile(floors, 99), "ms");
    // Only buys: every fill is one more open FIFO lot, which the position state (saveTrades' stream
    // checkpoint and the snapshot) carries and rewrites at every booking.
    const growing = await latency("growing", () => "buy");
    bench.value(`the same with only buys (${RATE * SECONDS} open lots at the end), p50`, percentile(growing, 50), "ms");
    bench.value(`the same with only buys (${RATE * SECONDS} open lots at the end), p99`, percentile(growing, 99), "ms");
    await store.close();
    await database.close();
  } finally {
    await testDb.drop();
  }
});
