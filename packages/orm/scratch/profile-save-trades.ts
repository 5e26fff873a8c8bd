import { createTestDatabase } from "@tradekit/test-services";
import { benchOwner, syntheticFills } from "../bench/bench-data.js";
import { closeDatabase, initDatabase, migrate, withDatabase } from "../src/index.js";

await using scratch = await createTestDatabase("orm_profile");
await migrate({ url: scratch.url });
await initDatabase({ url: scratch.url, poolSize: 2, statementTimeoutMs: 120000, credentialsKey: null });
try {
  const owner = await benchOwner();
  const fills = syntheticFills(owner.exId, Number(process.env.N ?? 100_000));
  const t0 = performance.now();
  await withDatabase((db) => db.trades.saveTrades(fills));
  console.log("saveTrades ms", Math.round(performance.now() - t0));
} finally {
  await closeDatabase();
}
