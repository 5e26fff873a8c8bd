import { Decimal } from "@tradekit/domain";
import { createTestDatabase } from "@tradekit/test-services";
import { TradeEntity } from "../src/entities/index.js";
import { closeDatabase, DatabaseContext, initDatabase, migrate } from "../src/index.js";
import { createOwner } from "../test/fixtures.js";

await using scratch = await createTestDatabase("orm_probe");
await migrate({ url: scratch.url });
await initDatabase({ url: scratch.url, poolSize: 2, statementTimeoutMs: 60000, credentialsKey: null });
try {
  const owner = await createOwner("p");
  const db = await DatabaseContext.open();
  const k = db.kysely;
  const ins = await k
    .insertInto("Trade")
    .values([
      {
        account: owner.exId,
        exTradeId: "a",
        symbol: "X",
        side: "buy",
        volume: new Decimal("0.5"),
        price: new Decimal(100),
        cost: new Decimal(50),
        fee: new Decimal(0),
        leverage: new Decimal(1),
        time: new Date("2024-01-01T00:00:00Z"),
        curVolume: new Decimal(0),
      },
      {
        account: owner.exId,
        exTradeId: "b",
        symbol: "X",
        side: "sell",
        volume: new Decimal("0.5"),
        price: new Decimal(100),
        cost: new Decimal(50),
        fee: new Decimal(0),
        leverage: new Decimal(1),
        time: new Date("2024-01-01T00:00:01Z"),
        curVolume: new Decimal("1.5"),
      },
    ] as never)
    .returning(["id"])
    .execute();
  console.log("inserted", ins);
  const rows = await k.selectFrom("Trade").selectAll().where("curVolume", "=", new Decimal(0)).execute();
  console.log("where decimal", rows.length, rows[0]);
  const t = await k
    .selectFrom("Trade")
    .select(["id", "time"])
    .where((eb) => eb(eb.refTuple("time", "id"), ">", eb.tuple(new Date("2024-01-01T00:00:00Z"), ins[0]!.id)))
    .execute();
  console.log("tuple", t);
  const any = await k
    .selectFrom("Trade")
    .select("id")
    .where("exTradeId", "=", (eb) => eb.fn.any(eb.val(["a", "b", "c"])))
    .execute();
  console.log("any", any);
  const e = db.em.map(TradeEntity, rows[0] as never, { mapped: true });
  console.log("mapped", e.account.id, e.volume, e.time, e.exTradeId);
  await db.rollback();
} finally {
  await closeDatabase();
}
