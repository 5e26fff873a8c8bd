import { Candle, type Timeframe } from "@tradekit/domain";
import type pg from "pg";
import type { FlaggedCandle } from "./ohlcv-frame.js";
import type { SeriesSource } from "./series-source.js";
import { MAX_TIME, MIN_TIME } from "./time-bounds.js";

interface CandleRow {
  time: Date;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quote_volume: string | null;
  trade_count: string | null;
}

const toCandle = (r: CandleRow): Candle =>
  Candle.create({
    time: r.time,
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: r.volume,
    quoteVolume: r.quote_volume,
    tradeCount: r.trade_count === null ? null : Number(r.trade_count),
  });

/** Exact candles of a source whose bucket starts in [from, toExclusive), oldest first. */
export async function readCandles(
  client: pg.PoolClient,
  ctx: { exchange: string; symbol: string },
  source: SeriesSource,
  from: Date,
  toExclusive: Date,
): Promise<Candle[]> {
  const { rows } = await client.query<CandleRow>(`${source.sql} order by time`, [
    ctx.exchange,
    ctx.symbol,
    from,
    toExclusive,
    ...source.params,
  ]);
  return rows.map(toCandle);
}

/** The last `limit` candles of a source, oldest first. */
export async function readLatest(
  client: pg.PoolClient,
  ctx: { exchange: string; symbol: string },
  source: SeriesSource,
  limit: number,
): Promise<Candle[]> {
  const { rows } = await client.query<CandleRow>(
    `select * from (${source.sql} order by time desc limit ${Math.floor(limit)}) s order by time`,
    [ctx.exchange, ctx.symbol, new Date(MIN_TIME), new Date(MAX_TIME), ...source.params],
  );
  return rows.map(toCandle);
}

/** Flags candles (in progress when the bucket ends after `now`) and, when asked, fills gaps flat. */
export function flagCandles(candles: readonly Candle[], timeframe: Timeframe, now: number, fillGaps: boolean): FlaggedCandle[] {
  const out: FlaggedCandle[] = [];
  const step = timeframe.ms;
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i] as Candle;
    const prev = candles[i - 1];
    if (fillGaps && prev) {
      for (let t = prev.time.getTime() + step; t < c.time.getTime(); t += step) {
        const p = prev.close;
        const candle = Candle.create({ time: t, open: p, high: p, low: p, close: p, volume: 0, quoteVolume: 0, tradeCount: 0 });
        out.push({ candle, inProgress: t + step > now, synthetic: true });
      }
    }
    out.push({ candle: c, inProgress: c.time.getTime() + step > now, synthetic: false });
  }
  return out;
}
