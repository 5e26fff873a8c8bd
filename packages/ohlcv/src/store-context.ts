import type pg from "pg";
import { UnknownSymbolError } from "./errors.js";
import type { Engine } from "./pool-registry.js";

/** What every operation of a repository needs: the shared pool and how the store was installed. */
export interface StoreContext {
  readonly pool: pg.Pool;
  readonly engine: Engine;
  /** Reads use TimescaleDB objects: the store was installed with it and the repository not opened with timescale: 'off'. */
  readonly timescale: boolean;
  /** The store was installed with TimescaleDB: writes keep its continuous aggregates current, whatever the repository reads with. */
  readonly aggregates: boolean;
  readonly exchange: string;
  readonly symbol: string;
}

/**
 * Throws UnknownSymbolError (naming row 0, the first of the batch to carry the symbol) unless the
 * series is registered; locks the registry row against removal until the write commits.
 */
export async function assertSeries(client: pg.PoolClient, ctx: StoreContext): Promise<void> {
  const { rowCount } = await client.query("select 1 from ohlcv_series where exchange = $1 and symbol = $2 for key share", [
    ctx.exchange,
    ctx.symbol,
  ]);
  if (!rowCount) throw new UnknownSymbolError(ctx.exchange, ctx.symbol, 0);
}

/** Adds a written range to the coverage record of (series, timeframe): first, last, row count. */
export async function extendCoverage(
  client: pg.PoolClient,
  ctx: StoreContext,
  timeframe: string,
  first: number,
  last: number,
  added: number,
): Promise<void> {
  await client.query(
    `insert into ohlcv_coverage (exchange, symbol, timeframe, first_time, last_time, count)
     values ($1, $2, $3, 'epoch'::timestamptz + $4::bigint * interval '1 ms', 'epoch'::timestamptz + $5::bigint * interval '1 ms', $6)
     on conflict (exchange, symbol, timeframe) do update set
       first_time = least(ohlcv_coverage.first_time, excluded.first_time),
       last_time = greatest(ohlcv_coverage.last_time, excluded.last_time),
       count = ohlcv_coverage.count + excluded.count`,
    [ctx.exchange, ctx.symbol, timeframe, first, last, added],
  );
}
