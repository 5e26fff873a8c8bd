import { type Candle, type CandleInput, type Timeframe, toUtcDate, ValidationError } from "@tradekit/domain";
import type { PoolClient } from "pg";
import { flagCandles, readCandles, readLatest } from "./candle-reader.js";
import { type WriteResult, writeCandles } from "./candle-writer.js";
import { resolveConnection } from "./connection-options.js";
import { UnknownSymbolError } from "./errors.js";
import { readFrame } from "./frame-reader.js";
import { findGaps, type Gap } from "./gap-finder.js";
import { type FlaggedCandle, fillFrameGaps, type OhlcvFrame } from "./ohlcv-frame.js";
import { acquirePool, type SharedPool } from "./pool-registry.js";
import { type RawTrade, type RawTradeInput, toRawTradeRecords } from "./raw-trade.js";
import { migrate, type TimescaleMode } from "./schema/migrator.js";
import { chooseSource, type SeriesSource, storedTimeframes } from "./series-source.js";
import type { StoreContext } from "./store-context.js";
import { MAX_TIME, MIN_TIME } from "./time-bounds.js";
import { type TimeframeInput, timeframeOf } from "./timeframe-input.js";
import { candlesFromTrades, recentTrades, saveTradeRecords, tradesInRange } from "./trade-store.js";
import { withClient } from "./transaction.js";

/** How to open a repository on one series. */
export interface OpenOptions {
  exchange: string;
  symbol: string;
  /** PostgreSQL URL; default OHLCV_DATABASE_URL, then TRADING_DATABASE_URL (via @tradekit/config). */
  url?: string;
  /** Connections of the process-wide pool for this URL (default OHLCV_POOL_SIZE, 4); always 1 on the embedded engine. */
  poolSize?: number;
  /** 'auto' uses TimescaleDB when the server has it, 'require' fails without it, 'off' never uses it. Default TIMESCALE_MODE, auto. */
  timescale?: TimescaleMode;
  /** Register the (exchange, symbol) when the store does not know it yet; otherwise that is an UnknownSymbolError. */
  create?: boolean;
}

/** Options of a write. */
export interface WriteOptions {
  /** The timeframe of the candles (default 1m); every time must start one of its buckets. */
  timeframe?: TimeframeInput;
  /** Called as rows go out, with how many since the last call. */
  onProgress?: (rows: number) => void;
}

/** Options of fetchOhlcv and fetchOhlcvCandles. */
export interface FetchOhlcvOptions {
  /** Fill missing buckets between candles with flat zero-volume candles at the previous close, flagged synthetic. Default false. */
  fillGaps?: boolean;
  /** The time that decides which bucket is still in progress (default the clock). */
  now?: Date | number;
}

/** A series' coverage: first and last bucket start and how many candles are stored. */
export interface Coverage {
  readonly first: Date;
  readonly last: Date;
  readonly count: number;
}

const migrated = new Map<string, Promise<boolean>>();

const ms = (t: Date | number | string, field: string): number => toUtcDate(t, field).getTime();

/**
 * Candles and raw trades of one (exchange, symbol) in the OHLCV store. Open it per operation
 * (`await using repo = await TimeseriesRepository.open({...})`) or keep it; every repository of
 * the process shares one pool per URL.
 */
export class TimeseriesRepository implements AsyncDisposable {
  #closed = false;

  private constructor(
    private readonly shared: SharedPool,
    private readonly ctx: StoreContext,
  ) {}

  /** Opens the series, installing or upgrading the schema on first use in this process. */
  static async open(options: OpenOptions): Promise<TimeseriesRepository> {
    for (const field of ["exchange", "symbol"] as const) {
      if (typeof options[field] !== "string" || options[field].trim() === "")
        throw ValidationError.invalid(field, options[field], "a non-empty name");
      // PostgreSQL text cannot hold NUL (22021): refused here, before a connection is taken
      if (options[field].includes("\u0000"))
        throw ValidationError.invalid(field, options[field], "a name without NUL characters");
    }
    const { url, poolSize, timescale } = resolveConnection(options);
    const shared = await acquirePool(url, poolSize);
    const key = `${url}\u0000${timescale}`;
    let installed = migrated.get(key);
    if (!installed) {
      installed = withClient(shared.pool, "migrating the OHLCV schema", (c) => migrate(c, timescale, url)).then(
        (f) => f.timescale,
      );
      migrated.set(key, installed);
      installed.catch(() => migrated.delete(key));
    }
    const hasAggregates = await installed;
    const useTimescale = hasAggregates && timescale !== "off";
    const ctx: StoreContext = {
      pool: shared.pool,
      engine: shared.engine,
      timescale: useTimescale,
      aggregates: hasAggregates,
      exchange: options.exchange,
      symbol: options.symbol,
    };
    await withClient(shared.pool, "registering the series", async (c) => {
      if (options.create) {
        await c.query("insert into ohlcv_series (exchange, symbol) values ($1, $2) on conflict do nothing", [
          ctx.exchange,
          ctx.symbol,
        ]);
        return;
      }
      const { rowCount } = await c.query("select 1 from ohlcv_series where exchange = $1 and symbol = $2", [
        ctx.exchange,
        ctx.symbol,
      ]);
      if (!rowCount) throw new UnknownSymbolError(ctx.exchange, ctx.symbol);
    });
    return new TimeseriesRepository(shared, ctx);
  }

  get exchange(): string {
    return this.ctx.exchange;
  }
  get symbol(): string {
    return this.ctx.symbol;
  }
  /** Whether this repository uses TimescaleDB (hypertables, continuous aggregates). */
  get timescale(): boolean {
    return this.ctx.timescale;
  }
  /** The server kind: "postgres", or "embedded" (PGlite: one connection, no COPY). */
  get engine(): SharedPool["engine"] {
    return this.shared.engine;
  }

  /** Bulk-inserts new candles (COPY; batched unnest on the embedded engine). A bad row: ValidationError.inRow, nothing written. */
  async insertMany(candles: readonly (CandleInput | Candle)[], options: WriteOptions = {}): Promise<WriteResult> {
    const tf = timeframeOf(options.timeframe ?? "1m");
    return writeCandles(this.#open(), tf, candles, "insert", options.onProgress);
  }

  /** Inserts or replaces candles by time through a staging table; a time given twice in the batch keeps its last candle. */
  async upsertMany(candles: readonly (CandleInput | Candle)[], options: WriteOptions = {}): Promise<WriteResult> {
    const tf = timeframeOf(options.timeframe ?? "1m");
    return writeCandles(this.#open(), tf, candles, "upsert", options.onProgress);
  }

  /** Candles whose bucket starts in [from, to], oldest first: stored, or resampled from a smaller stored timeframe. */
  async getRange(timeframe: TimeframeInput, from: Date | number | string, to: Date | number | string): Promise<Candle[]> {
    const tf = timeframeOf(timeframe);
    const [start, end] = this.#window(tf, from, to);
    return this.#read(tf, (c, src) => readCandles(c, this.ctx, src, start, end));
  }

  /** The last `limit` candles of the timeframe, oldest first. */
  async getLatest(timeframe: TimeframeInput, limit: number): Promise<Candle[]> {
    if (!(Number.isSafeInteger(limit) && limit > 0)) throw ValidationError.invalid("limit", limit, "a whole number > 0");
    return this.#read(timeframeOf(timeframe), (c, src) => readLatest(c, this.ctx, src, limit));
  }

  /** Candles as float64 columns for analysis, with in-progress and synthetic flags (DESIGN.md §7), buckets starting in [from, to]. */
  async fetchOhlcv(
    timeframe: TimeframeInput,
    from: Date | number | string,
    to: Date | number | string,
    options: FetchOhlcvOptions = {},
  ): Promise<OhlcvFrame> {
    const tf = timeframeOf(timeframe);
    const [start, end] = this.#window(tf, from, to);
    const now = options.now === undefined ? Date.now() : ms(options.now, "now");
    const frame = await this.#read(tf, (c, src) =>
      readFrame(
        c,
        this.ctx.engine,
        src.sql,
        [this.ctx.exchange, this.ctx.symbol, start, end, ...src.params],
        tf,
        now,
        sizeHint(tf, start, end),
      ),
    );
    return options.fillGaps ? fillFrameGaps(frame, now) : frame;
  }

  /** The exact form of fetchOhlcv: Candle objects (Decimal prices) with their flags. */
  async fetchOhlcvCandles(
    timeframe: TimeframeInput,
    from: Date | number | string,
    to: Date | number | string,
    options: FetchOhlcvOptions = {},
  ): Promise<FlaggedCandle[]> {
    const tf = timeframeOf(timeframe);
    const candles = await this.getRange(tf, from, to);
    const now = options.now === undefined ? Date.now() : ms(options.now, "now");
    return flagCandles(candles, tf, now, options.fillGaps === true);
  }

  /** Runs of missing candles, found in one SQL pass. With `from`/`to`, missing buckets at the window's edges count too. */
  async getGaps(timeframe: TimeframeInput, from?: Date | number | string, to?: Date | number | string): Promise<Gap[]> {
    const tf = timeframeOf(timeframe);
    const [start, end] = this.#window(tf, from ?? MIN_TIME, to ?? MAX_TIME - tf.ms);
    return this.#read(tf, (c, src) =>
      findGaps(c, this.ctx, src, tf, start, end, { from: from !== undefined, to: to !== undefined }),
    );
  }

  /** First bucket start, last bucket start and count of the stored candles of a timeframe (default 1m); null when none. */
  async coverage(timeframe?: TimeframeInput): Promise<Coverage | null> {
    return this.#coverageOf(timeframeOf(timeframe ?? "1m").name);
  }

  /** First and last trade time and trade count of the raw trades; null when none. */
  async tradeCoverage(): Promise<Coverage | null> {
    return this.#coverageOf("trades");
  }

  /** Start of the oldest candle of the timeframe (stored, or the bucket of the oldest candle it is resampled from); null when empty. */
  async getOldestTimestamp(timeframe?: TimeframeInput): Promise<Date | null> {
    return this.#edge(timeframeOf(timeframe ?? "1m"), "first");
  }

  /** Start of the newest candle of the timeframe; null when empty. */
  async getLatestTimestamp(timeframe?: TimeframeInput): Promise<Date | null> {
    return this.#edge(timeframeOf(timeframe ?? "1m"), "last");
  }

  /** Stores raw trades (idempotent on trade id and time); returns how many were new. A bad one: ValidationError.inRow, nothing written. */
  async saveTrades(trades: readonly RawTradeInput[], options: { onProgress?: (rows: number) => void } = {}): Promise<number> {
    return saveTradeRecords(this.#open(), toRawTradeRecords(trades), options.onProgress);
  }

  /** The last `limit` raw trades, oldest first. */
  async getRecentTrades(limit: number): Promise<RawTrade[]> {
    if (!(Number.isSafeInteger(limit) && limit > 0)) throw ValidationError.invalid("limit", limit, "a whole number > 0");
    return recentTrades(this.#open(), limit);
  }

  /** Raw trades with from <= time < to, in time order. */
  async getTradesInRange(from: Date | number | string, to: Date | number | string): Promise<RawTrade[]> {
    return tradesInRange(this.#open(), new Date(ms(from, "from")), new Date(ms(to, "to")));
  }

  /** Candles built from the raw trades (default 1m), buckets starting in [from, to]; the whole series without bounds. */
  async candlesFromTrades(
    timeframe?: TimeframeInput,
    from?: Date | number | string,
    to?: Date | number | string,
  ): Promise<Candle[]> {
    const tf = timeframeOf(timeframe ?? "1m");
    const [start, end] = this.#window(tf, from ?? MIN_TIME, to ?? MAX_TIME - tf.ms);
    return candlesFromTrades(this.#open(), tf, start, end);
  }

  /** Ends this repository's use; the shared pool stays for the next one (closeOhlcvPools ends it). */
  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #open(): StoreContext {
    if (this.#closed)
      throw new ValidationError(`the repository of ${this.ctx.exchange}:${this.ctx.symbol} is closed; open a new one`, {
        code: "REPOSITORY_CLOSED",
      });
    return this.ctx;
  }

  // Bucket starts from..to inclusive become the half-open window [start of from's bucket, end of to's bucket).
  #window(tf: Timeframe, from: Date | number | string, to: Date | number | string): [Date, Date] {
    const start = tf.bucketStart(ms(from, "from"));
    const end = new Date(tf.bucketStart(ms(to, "to")).getTime() + tf.ms);
    if (end <= start) throw ValidationError.invalid("to", to, `not before from (${start.toISOString()})`);
    return [start, end];
  }

  async #read<T>(tf: Timeframe, fn: (client: PoolClient, source: SeriesSource) => Promise<T>): Promise<T> {
    const ctx = this.#open();
    return withClient(ctx.pool, `reading ${tf.name} candles`, async (c) =>
      fn(c, chooseSource(tf, ctx, await storedTimeframes(c, ctx))),
    );
  }

  async #coverageOf(key: string): Promise<Coverage | null> {
    return withClient(this.#open().pool, "reading coverage", async (c) => {
      const { rows } = await c.query<{ first_time: Date; last_time: Date; count: string }>(
        "select first_time, last_time, count from ohlcv_coverage where exchange = $1 and symbol = $2 and timeframe = $3",
        [this.ctx.exchange, this.ctx.symbol, key],
      );
      const r = rows[0];
      return r ? { first: r.first_time, last: r.last_time, count: Number(r.count) } : null;
    });
  }

  async #edge(tf: Timeframe, which: "first" | "last"): Promise<Date | null> {
    const ctx = this.#open();
    return withClient(ctx.pool, "reading coverage", async (c) => {
      const source = chooseSource(tf, ctx, await storedTimeframes(c, ctx));
      const column = which === "first" ? "first_time" : "last_time";
      const { rows } = await c.query<{ t: Date }>(
        `select ${column} as t from ohlcv_coverage where exchange = $1 and symbol = $2 and timeframe = $3`,
        [ctx.exchange, ctx.symbol, source.base],
      );
      const t = rows[0]?.t;
      return t ? tf.bucketStart(t) : null;
    });
  }
}

const sizeHint = (tf: Timeframe, start: Date, end: Date): number =>
  Math.min(2_000_000, Math.ceil((end.getTime() - start.getTime()) / tf.ms));
