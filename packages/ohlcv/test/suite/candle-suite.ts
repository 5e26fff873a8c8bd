import { Decimal, Timeframe, ValidationError } from "@tradekit/domain";
import { sharedDataPath } from "@tradekit/test-services";
import { expect, it } from "vitest";
import { FLAG_IN_PROGRESS, FLAG_SYNTHETIC, importFreqtradeCandles } from "../../src/index.js";
import type { engineHandle } from "./engine.js";
import { btcCandles, gapsOf, norm, resample } from "./reference.js";

type Handle = ReturnType<typeof engineHandle>;

/** The candle half of the contract: round trip, gaps, resampling, frames, flags, upsert. */
export function candleSuite(db: Handle) {
  const ref = btcCandles();
  const first = ref[0]?.time as number;
  const last = ref[ref.length - 1]?.time as number;

  it("reads the freqtrade file's 13,681 1m candles back exactly", async () => {
    expect(ref.length).toBe(13_681);
    await using repo = await db.open("BTC/RT");
    const written = await importFreqtradeCandles(repo, sharedDataPath("freqtrade/UNITTEST_BTC-1m.json"), { progress: false });
    expect(written).toEqual({ written: ref.length, inserted: ref.length, updated: 0, unchanged: 0 });
    const back = await repo.getRange("1m", first, last);
    expect(back.map(norm)).toEqual(ref.map(norm));
    expect(await repo.coverage("1m")).toEqual({ first: new Date(first), last: new Date(last), count: ref.length });
    expect(await repo.getOldestTimestamp("1m")).toEqual(new Date(first));
    expect(await repo.getLatestTimestamp("1m")).toEqual(new Date(last));
    const latest = await repo.getLatest("1m", 3);
    expect(latest.map(norm)).toEqual(ref.slice(-3).map(norm));
    // Importing again changes nothing: the import is an upsert.
    const again = await importFreqtradeCandles(repo, sharedDataPath("freqtrade/UNITTEST_BTC-1m.json"), { progress: false });
    expect(again).toEqual({ written: ref.length, inserted: 0, updated: 0, unchanged: ref.length });
    expect((await repo.coverage("1m"))?.count).toBe(ref.length);
  });

  it("finds the real missing minutes in one pass, as a plain loop over the file does", async () => {
    await using repo = await db.open("BTC/RT");
    const expected = gapsOf(
      ref.map((c) => c.time),
      60_000,
    );
    expect(expected.length).toBeGreaterThan(0);
    const gaps = await repo.getGaps("1m");
    expect(gaps.map((g) => ({ from: g.from.getTime(), to: g.to.getTime(), missing: g.missing }))).toEqual(expected);
    // With a window, missing minutes at its edges count too.
    const edged = await repo.getGaps("1m", first - 5 * 60_000, last + 2 * 60_000);
    expect(edged[0]).toEqual({ from: new Date(first - 5 * 60_000), to: new Date(first - 60_000), missing: 5 });
    expect(edged[edged.length - 1]).toEqual({ from: new Date(last + 60_000), to: new Date(last + 120_000), missing: 2 });
    const hourly = await repo.getGaps("1h");
    const expectedHourly = gapsOf(
      resample(ref, 3_600_000).map((c) => c.time),
      3_600_000,
    );
    expect(hourly.map((g) => ({ from: g.from.getTime(), to: g.to.getTime(), missing: g.missing }))).toEqual(expectedHourly);
  });

  it.each(["5m", "15m", "30m", "1h", "4h", "1d", "1w"])("resamples to %s exactly as the reference does", async (name) => {
    await using repo = await db.open("BTC/RT");
    const tf = Timeframe.parse(name);
    const expected = resample(ref, tf.ms, tf.period === "weeks");
    const got = await repo.getRange(tf, first, last);
    expect(got.map(norm)).toEqual(expected.map(norm));
    const frame = await repo.fetchOhlcv(tf, first, last);
    expect(frame.length).toBe(expected.length);
    expect(Array.from(frame.time)).toEqual(expected.map((c) => c.time));
    expect(Array.from(frame.close)).toEqual(expected.map((c) => Number(c.close)));
    expect(Array.from(frame.volume)).toEqual(expected.map((c) => Number(new Decimal(c.volume).toString())));
    expect(frame.flags.every((f) => f === 0)).toBe(true);
  });

  it("reads 1m candles into a float frame equal to the file's numbers", async () => {
    await using repo = await db.open("BTC/RT");
    const frame = await repo.fetchOhlcv("1m", first, last);
    expect(frame.length).toBe(ref.length);
    expect(Array.from(frame.time)).toEqual(ref.map((c) => c.time));
    expect(Array.from(frame.open)).toEqual(ref.map((c) => Number(c.open)));
    expect(Array.from(frame.high)).toEqual(ref.map((c) => Number(c.high)));
    expect(Array.from(frame.low)).toEqual(ref.map((c) => Number(c.low)));
    expect(Array.from(frame.volume)).toEqual(ref.map((c) => Number(c.volume)));
  });

  it("leaves missing candles missing, and fills them flat only when asked, flagged synthetic", async () => {
    await using repo = await db.open("BTC/RT");
    const gap = gapsOf(
      ref.map((c) => c.time),
      60_000,
    )[0] as { from: number; to: number; missing: number };
    const from = gap.from - 60_000;
    const to = gap.to + 60_000;
    const plain = await repo.fetchOhlcv("1m", from, to);
    expect(plain.length).toBe(2);
    const filled = await repo.fetchOhlcv("1m", from, to, { fillGaps: true });
    expect(filled.length).toBe(gap.missing + 2);
    const before = ref.find((c) => c.time === from);
    for (let i = 1; i <= gap.missing; i++) {
      expect(filled.flags[i]).toBe(FLAG_SYNTHETIC);
      expect([filled.open[i], filled.high[i], filled.low[i], filled.close[i]]).toEqual(Array(4).fill(Number(before?.close)));
      expect(filled.volume[i]).toBe(0);
    }
    const exact = await repo.fetchOhlcvCandles("1m", from, to, { fillGaps: true });
    expect(exact.filter((c) => c.synthetic).length).toBe(gap.missing);
    expect(exact[1]?.candle.close.toString()).toBe(new Decimal(before?.close as string).toString());
    expect(exact[1]?.candle.volume.isZero()).toBe(true);
  });

  it("flags the bucket still in progress", async () => {
    await using repo = await db.open("BTC/RT");
    const now = last + 30_000; // half-way through the last minute, inside the last hour
    const frame = await repo.fetchOhlcv("1h", first, last, { now });
    expect(frame.flags[frame.length - 1]).toBe(FLAG_IN_PROGRESS);
    expect(frame.flags.slice(0, -1).every((f) => f === 0)).toBe(true);
    const rows = await repo.fetchOhlcvCandles("1h", first, last, { now });
    expect(rows.map((r) => r.inProgress)).toEqual(rows.map((_, i) => i === rows.length - 1));
  });

  it("upserts half-present candles: replaces, inserts, last duplicate in the batch wins", async () => {
    await using repo = await db.open("BTC/UPSERT");
    const part = ref.slice(0, 100);
    await repo.insertMany(part.slice(0, 50));
    const changed = part.map((c) => ({ ...c, close: c.low, volume: "1.5" }));
    const twice = { ...(changed[10] as (typeof changed)[0]), volume: "7.25" };
    const result = await repo.upsertMany([...changed, twice]);
    expect(result).toEqual({ written: 100, inserted: 50, updated: 50, unchanged: 0 });
    const back = await repo.getRange("1m", part[0]?.time as number, part[99]?.time as number);
    const expected = changed.map((c, i) => (i === 10 ? twice : c));
    expect(back.map(norm)).toEqual(expected.map(norm));
    expect((await repo.coverage())?.count).toBe(100);
    expect(await repo.upsertMany(expected)).toEqual({ written: 100, inserted: 0, updated: 0, unchanged: 100 });
  });

  it("shows late candles (older than what the aggregates already hold) in every resampled timeframe", async () => {
    await using repo = await db.open("BTC/LATE");
    const split = ref.findIndex((c) => c.time >= first + 3 * 86_400_000);
    await repo.insertMany(ref.slice(split)); // the newer days first: materialized on TimescaleDB
    await repo.insertMany(ref.slice(0, split)); // then the older ones, behind the watermark
    const late = { ...(ref[5] as (typeof ref)[0]), high: "1", volume: "123.456" }; // and one correction
    await repo.upsertMany([late]);
    const all = ref.map((c, i) => (i === 5 ? late : c));
    for (const name of ["5m", "1h", "1d"]) {
      const tf = Timeframe.parse(name);
      const got = await repo.getRange(tf, first, last);
      expect(got.map(norm), name).toEqual(resample(all, tf.ms).map(norm));
    }
  });

  it("rejects a plain insert of a time already stored, writing nothing", async () => {
    await using repo = await db.open("BTC/DUP");
    await repo.insertMany(ref.slice(0, 10));
    await expect(repo.insertMany(ref.slice(5, 20))).rejects.toMatchObject({ code: "DUPLICATE" });
    expect((await repo.coverage())?.count).toBe(10);
    await expect(repo.insertMany([ref[30], ref[30]] as typeof ref)).rejects.toMatchObject({ row: 1 });
  });

  it("reads the bucket start of a derived timeframe's edges", async () => {
    await using repo = await db.open("BTC/RT");
    expect(await repo.getOldestTimestamp("1h")).toEqual(Timeframe.parse("1h").bucketStart(first));
    expect(await repo.getLatestTimestamp("1d")).toEqual(Timeframe.parse("1d").bucketStart(last));
    await expect(repo.getRange("90s" as string, first, last)).rejects.toBeInstanceOf(ValidationError);
  });
}
