import { createTestDatabase } from "@tradekit/test-services";
import { expect, it } from "vitest";
import { TimescaleUnavailableError, TimeseriesRepository } from "../src/index.js";
import { ohlcvContractSuite } from "./suite/index.js";

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

    it("fails with a typed error when TimescaleDB is required but absent", async () => {
      await expect(
        TimeseriesRepository.open({ url: db.url, exchange: "x", symbol: "y", create: true, timescale: "require" }),
      ).rejects.toBeInstanceOf(TimescaleUnavailableError);
    });
  },
);
