import { createTestDatabase } from "@tradekit/test-services";
import pg from "pg";
import { expect, it } from "vitest";
import { TimescaleUnavailableError, TimeseriesRepository, UnknownSymbolError } from "../src/index.js";
import { ohlcvContractSuite } from "./suite/index.js";
import { btcCandles, norm } from "./suite/reference.js";

ohlcvContractSuite(
  {
    name: "postgres",
    timescale: false,
    async start() {
      const db = await createTestDatabase("ohlcv_pg");
      return { url: db.url, stop: () => db.drop() };
    },
  },
  (db) => {
    it("installs the plain flavour (date_bin, B-tree key, BRIN on time) when TimescaleDB is absent", async () => {
      await using repo = await db.open("PLAIN/CHECK");
      expect(repo.timescale).toBe(false);
      expect(repo.engine).toBe("postgres");
    });

    it("refuses a write for a symbol unregistered since the repository opened, naming the row, writing nothing", async () => {
      await using repo = await db.open("GONE/SOON");
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query("delete from ohlcv_series where symbol = 'GONE/SOON'");
        const error = await repo.insertMany(btcCandles().slice(0, 5)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UnknownSymbolError);
        expect(error).toMatchObject({ row: 0, code: "UNKNOWN_SYMBOL" });
        const { rows } = await client.query("select count(*)::int as n from ohlcv_candles where symbol = 'GONE/SOON'");
        expect(rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    });

    it("upserts right when a concurrent writer commits one of the batch's new times during the merge", async () => {
      await using repo = await db.open("RACE/UPSERT");
      const part = btcCandles().slice(0, 100);
      await repo.insertMany(part.slice(0, 50));
      const changed = part.map((c) => ({ ...c, close: c.low, volume: "1.5" }));
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      try {
        await other.query("begin");
        await other.query(
          `insert into ohlcv_candles (exchange, symbol, timeframe, time, open, high, low, close, volume)
           values ('testex', 'RACE/UPSERT', '1m', to_timestamp($1::bigint / 1000.0), 1, 1, 1, 1, 1)`,
          [part[80]?.time],
        );
        const pending = repo.upsertMany(changed);
        // The merge's insert of that time waits on the other transaction's key, then meets it committed.
        for (let i = 0; i < 200; i++) {
          const { rows } = await other.query(
            "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          );
          if (rows[0].n > 0) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        await other.query("commit");
        expect(await pending).toEqual({ written: 100, inserted: 49, updated: 51, unchanged: 0 });
        const back = await repo.getRange("1m", part[0]?.time as number, part[99]?.time as number);
        expect(back.map(norm)).toEqual(changed.map(norm));
      } finally {
        await other.end();
      }
    });

    it("fails with a typed error when TimescaleDB is required but absent", async () => {
      await expect(
        TimeseriesRepository.open({ url: db.url, exchange: "x", symbol: "y", create: true, timescale: "require" }),
      ).rejects.toBeInstanceOf(TimescaleUnavailableError);
    });
  },
);
