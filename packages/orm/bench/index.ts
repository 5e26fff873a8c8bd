// pnpm bench: DESIGN.md §9 bars of @tradekit/orm, each against a baseline measured in this run on
// a fresh database (created and dropped here).
import { runBench } from "@tradekit/bench";
import { createTestDatabase } from "@tradekit/test-services";
import pg from "pg";
import { closeDatabase, DatabaseContext, initDatabase, migrate, withDatabase } from "../src/index.js";
import { benchOwner, orderBatch, statisticsTrades, syntheticFills, tradeRowsWithResults } from "./bench-data.js";

const FILLS = 100_000;
const ORDERS = 2_000;

await runBench("orm", async (bench) => {
  await using scratch = await createTestDatabase("orm_bench");
  await migrate({ url: scratch.url });
  await initDatabase({ url: scratch.url, poolSize: 4, statementTimeoutMs: 120_000, credentialsKey: null });
  const raw = new pg.Client({ connectionString: scratch.url });
  await raw.connect();
  try {
    const owner = await benchOwner();
    const truncate = async () => {
      await raw.query("truncate trades restart identity cascade");
    };

    let orders = orderBatch(owner, ORDERS);
    let baselineOrders = orderBatch(owner, ORDERS);
    await bench.rate(
      "saveOrder, one context and commit each (orders/s)",
      ORDERS,
      async () => {
        for (const order of orders) {
          await using db = await DatabaseContext.open();
          await db.orders.saveOrder(order.order);
          await db.commit();
        }
      },
      async () => {
        for (const order of baselineOrders) {
          await raw.query("begin");
          await raw.query(order.sql, order.params);
          await raw.query("commit");
        }
      },
      0.5,
      {
        // Order inserts are short and fsync-bound: more runs steady the medians on a shared machine.
        runs: 5,
        warmup: 1,
        setup: () => {
          orders = orderBatch(owner, ORDERS);
        },
        baselineSetup: () => {
          baselineOrders = orderBatch(owner, ORDERS);
        },
      },
    );

    const fills = syntheticFills(owner.exId, FILLS);
    const rows = tradeRowsWithResults(fills);
    await bench.rate(
      "saveTrades 100,000 fills with PnL (rows/s)",
      FILLS,
      () => withDatabase((db) => db.trades.saveTrades(fills)),
      async () => {
        await raw.query("begin");
        for (const chunk of rows.chunks(2_000)) await raw.query(chunk.sql, chunk.params);
        await raw.query("commit");
      },
      0.35,
      { runs: 3, warmup: 1, setup: truncate },
    );

    await truncate();
    await raw.query(statisticsTrades.sql, [owner.exId, 1_000_000]);
    await raw.query("analyze trades");
    const start = performance.now();
    const stats = await withDatabase((db) => db.trades.getStatistics({ exId: owner.exId }));
    bench.value(`getStatistics over 1,000,000 trades (${stats.totalTrades} closed)`, performance.now() - start, "ms");
  } finally {
    await raw.end();
    await closeDatabase();
  }
});
