import { Timeframe } from "@tradekit/domain";
import { startEmbeddedDatabase } from "@tradekit/embedded-db";
import { expect, it } from "vitest";
import { TimeseriesRepository } from "../src/index.js";
import { ohlcvContractSuite } from "./suite/index.js";
import { btcCandles, norm, resample } from "./suite/reference.js";

// One embedded TimescaleDB (PGlite, in memory) for this file; the same contract as plain PostgreSQL.
ohlcvContractSuite(
  {
    name: "embedded",
    timescale: true,
    async start() {
      const db = await startEmbeddedDatabase();
      return { url: db.url, stop: () => db.stop() };
    },
  },
  (db) => {
    it("installs hypertables, compression by exchange and symbol, and real-time continuous aggregates", async () => {
      await using repo = await db.open("TS/CHECK");
      expect(repo.timescale).toBe(true);
      expect(repo.engine).toBe("embedded");
      await repo.close();
      const hypertables = await db.query("select hypertable_name from timescaledb_information.hypertables order by 1");
      expect(hypertables.map((r) => r.hypertable_name)).toEqual(["ohlcv_candles", "ohlcv_trades"]);
      const segments = await db.query(
        `select attname from timescaledb_information.compression_settings
         where hypertable_name = 'ohlcv_candles' and segmentby_column_index is not null order by segmentby_column_index`,
      );
      expect(segments.map((r) => r.attname)).toEqual(["exchange", "symbol", "timeframe"]);
      const aggregates = await db.query(
        "select view_name, materialized_only from timescaledb_information.continuous_aggregates order by view_name",
      );
      expect(aggregates).toEqual(
        [
          "ohlcv_candles_15m",
          "ohlcv_candles_1d",
          "ohlcv_candles_1h",
          "ohlcv_candles_4h",
          "ohlcv_candles_5m",
          "ohlcv_trade_candles_1m",
        ].map((view_name) => ({ view_name, materialized_only: false })),
      );
    });

    it("with timescale: 'off' reads the same hypertables with plain date_bin, and agrees", async () => {
      const ref = btcCandles();
      await using repo = await TimeseriesRepository.open({ url: db.url, exchange: "testex", symbol: "BTC/RT", timescale: "off" });
      expect(repo.timescale).toBe(false);
      const tf = Timeframe.parse("4h");
      const got = await repo.getRange(tf, ref[0]?.time as number, ref.at(-1)?.time as number);
      expect(got.map(norm)).toEqual(resample(ref, tf.ms).map(norm));
    });

    it("writes through a timescale: 'off' repository still keep the continuous aggregates current", async () => {
      const ref = btcCandles();
      {
        // Another series materializes the aggregates over these days first, so the 'off' write lands behind their watermark.
        await using warm = await db.open("OFF/WARM");
        await warm.insertMany(ref);
        await using off = await TimeseriesRepository.open({
          url: db.url,
          exchange: "testex",
          symbol: "OFF/WRITE",
          timescale: "off",
          create: true,
        });
        await off.insertMany(ref);
      }
      await using repo = await db.open("OFF/WRITE");
      const tf = Timeframe.parse("1h");
      const got = await repo.getRange(tf, ref[0]?.time as number, ref.at(-1)?.time as number);
      expect(got.map(norm)).toEqual(resample(ref, tf.ms).map(norm));
    });

    it("with timescale: 'require' opens, the extension being there", async () => {
      await using repo = await TimeseriesRepository.open({
        url: db.url,
        exchange: "testex",
        symbol: "BTC/RT",
        timescale: "require",
      });
      expect(repo.timescale).toBe(true);
    });
  },
);
