import { MikroORM } from "@mikro-orm/postgresql";
import { createTestDatabase, type TestDatabase } from "@tradekit/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, ormOptions } from "../src/index.js";

describe("migrations", () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase("orm_migrations");
  });
  afterAll(async () => {
    await empty.drop();
  });

  it("bring an empty database to exactly the entity metadata, and a second run is a no-op", async () => {
    const first = await migrate({ url: empty.url });
    expect(first.applied.length).toBeGreaterThan(0);

    const orm = await MikroORM.init(ormOptions(empty.url, { poolSize: 1 }));
    try {
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe("");
      const tables = await orm.em
        .getConnection()
        .execute<{ n: string }[]>("select count(*)::text as n from information_schema.tables where table_schema = 'public'");
      // 24 entity tables plus the migrations table
      expect(Number(tables[0]?.n)).toBe(25);
      // The diff sees real drift: without one of the migrated indexes it is no longer empty.
      await orm.em.getConnection().execute('drop index "trades_time_index"');
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toContain("trades_time_index");
      await orm.em.getConnection().execute('create index "trades_time_index" on "trades" ("time")');
    } finally {
      await orm.close(true);
    }

    const second = await migrate({ url: empty.url });
    expect(second.applied).toEqual([]);
  });

  it("store money as numeric and times as timestamptz, never float or naive timestamps", async () => {
    const orm = await MikroORM.init(ormOptions(empty.url, { poolSize: 1 }));
    try {
      const rows = await orm.em.getConnection().execute<{ table_name: string; column_name: string; data_type: string }[]>(
        `select table_name, column_name, data_type from information_schema.columns
          where table_schema = 'public' and table_name <> 'mikro_orm_migrations'`,
      );
      const types = new Set(rows.map((r) => r.data_type));
      expect(types.has("double precision")).toBe(false);
      expect(types.has("real")).toBe(false);
      expect(types.has("timestamp without time zone")).toBe(false);
      const trade = Object.fromEntries(rows.filter((r) => r.table_name === "trades").map((r) => [r.column_name, r.data_type]));
      for (const column of ["volume", "price", "cost", "fee", "roi", "roi_pct", "cur_avg_price"]) {
        expect(trade[column]).toBe("numeric");
      }
      expect(trade.time).toBe("timestamp with time zone");
    } finally {
      await orm.close(true);
    }
  });
});
