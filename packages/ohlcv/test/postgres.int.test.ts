import { createTestDatabase } from "@tradekit/test-services";
import pg from "pg";
import { expect, it } from "vitest";
import { TimescaleUnavailableError, TimeseriesRepository, UnknownSymbolError } from "../src/index.js";
import { ohlcvContractSuite } from "./suite/index.js";
import { btcCandles } from "./suite/reference.js";

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

    it("fails with a typed error when TimescaleDB is required but absent", async () => {
      await expect(
        TimeseriesRepository.open({ url: db.url, exchange: "x", symbol: "y", create: true, timescale: "require" }),
      ).rejects.toBeInstanceOf(TimescaleUnavailableError);
    });
  },
);
