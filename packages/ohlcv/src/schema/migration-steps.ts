/** What a migration step may depend on: whether this store was installed with TimescaleDB. */
export interface SchemaFlavour {
  timescale: boolean;
}

/** One numbered, never-edited step of the OHLCV schema. */
export interface MigrationStep {
  version: number;
  name: string;
  statements(flavour: SchemaFlavour): string[];
}

/** The timeframes kept as continuous aggregates, each built from the one before it (DESIGN.md §7). */
export const AGGREGATE_CHAIN: readonly { name: string; interval: string; source: string }[] = [
  { name: "5m", interval: "5 minutes", source: "ohlcv_candles" },
  { name: "15m", interval: "15 minutes", source: "ohlcv_candles_5m" },
  { name: "1h", interval: "1 hour", source: "ohlcv_candles_15m" },
  { name: "4h", interval: "4 hours", source: "ohlcv_candles_1h" },
  { name: "1d", interval: "1 day", source: "ohlcv_candles_4h" },
];

const baseTables = [
  `create table ohlcv_series (
     exchange text not null, symbol text not null, created_at timestamptz not null default now(),
     primary key (exchange, symbol))`,
  `create table ohlcv_candles (
     exchange text not null, symbol text not null, timeframe text not null, time timestamptz not null,
     open numeric not null, high numeric not null, low numeric not null, close numeric not null, volume numeric not null,
     quote_volume numeric, trade_count bigint,
     primary key (exchange, symbol, timeframe, time))`,
  `create sequence ohlcv_trades_seq`,
  `create table ohlcv_trades (
     exchange text not null, symbol text not null, trade_id text not null, time timestamptz not null,
     price numeric not null, volume numeric not null, side text check (side in ('buy', 'sell')),
     seq bigint not null default nextval('ohlcv_trades_seq'),
     primary key (exchange, symbol, trade_id, time))`,
  "create index ohlcv_trades_series_time on ohlcv_trades (exchange, symbol, time, seq)",
  `create table ohlcv_coverage (
     exchange text not null, symbol text not null, timeframe text not null,
     first_time timestamptz not null, last_time timestamptz not null, count bigint not null,
     primary key (exchange, symbol, timeframe))`,
];

// 7-day chunks hold ~10k 1m candles per series: small enough to compress, large enough to stay few.
const timescaleStorage = [
  "select create_hypertable('ohlcv_candles', by_range('time', interval '7 days'))",
  `alter table ohlcv_candles set (timescaledb.compress,
     timescaledb.compress_segmentby = 'exchange, symbol, timeframe', timescaledb.compress_orderby = 'time')`,
  "select create_hypertable('ohlcv_trades', by_range('time', interval '1 day'))",
  `alter table ohlcv_trades set (timescaledb.compress,
     timescaledb.compress_segmentby = 'exchange, symbol', timescaledb.compress_orderby = 'time, seq')`,
];

const plainStorage = [
  "create index ohlcv_candles_time_brin on ohlcv_candles using brin (time)",
  "create index ohlcv_trades_time_brin on ohlcv_trades using brin (time)",
];

const bucketOf = (interval: string) => `time_bucket('${interval}', time)`;

const aggregates = (): string[] => [
  ...AGGREGATE_CHAIN.map(({ name, interval, source }) => {
    const fromBase = source === "ohlcv_candles";
    return `create materialized view ohlcv_candles_${name}
      with (timescaledb.continuous, timescaledb.materialized_only = false) as
      select exchange, symbol, ${bucketOf(interval)} as time,
        first(open, time) as open, max(high) as high, min(low) as low, last(close, time) as close,
        sum(volume) as volume, sum(quote_volume) as quote_volume, sum(trade_count) as trade_count
      from ${source} ${fromBase ? "where timeframe = '1m'" : ""}
      group by exchange, symbol, ${bucketOf(interval)} with no data`;
  }),
  `create materialized view ohlcv_trade_candles_1m
     with (timescaledb.continuous, timescaledb.materialized_only = false) as
     select exchange, symbol, ${bucketOf("1 minute")} as time,
       first(price, time) as open, max(price) as high, min(price) as low, last(price, time) as close,
       sum(volume) as volume, sum(price * volume) as quote_volume, count(*) as trade_count
     from ohlcv_trades group by exchange, symbol, ${bucketOf("1 minute")} with no data`,
];

// Background jobs where the server runs them (PGlite has no job scheduler; writes refresh there).
// Each refresh window spans at least two buckets, as TimescaleDB requires.
const policies = (): string[] => [
  "select add_compression_policy('ohlcv_candles', interval '30 days')",
  "select add_compression_policy('ohlcv_trades', interval '7 days')",
  ...[
    ["5m", "1 day", "5 minutes", "5 minutes"],
    ["15m", "1 day", "15 minutes", "15 minutes"],
    ["1h", "2 days", "1 hour", "1 hour"],
    ["4h", "4 days", "4 hours", "1 hour"],
    ["1d", "7 days", "1 day", "1 hour"],
  ].map(
    ([name, start, end, every]) =>
      `select add_continuous_aggregate_policy('ohlcv_candles_${name}', start_offset => interval '${start}',
         end_offset => interval '${end}', schedule_interval => interval '${every}')`,
  ),
  `select add_continuous_aggregate_policy('ohlcv_trade_candles_1m', start_offset => interval '1 day',
     end_offset => interval '1 minute', schedule_interval => interval '1 minute')`,
];

/** The OHLCV schema, in order. Append new steps; never edit a released one. */
export const MIGRATION_STEPS: readonly MigrationStep[] = [
  { version: 1, name: "tables", statements: () => baseTables },
  {
    version: 2,
    name: "time storage",
    statements: ({ timescale }) => (timescale ? timescaleStorage : plainStorage),
  },
  { version: 3, name: "continuous aggregates", statements: ({ timescale }) => (timescale ? aggregates() : []) },
  { version: 4, name: "background policies", statements: ({ timescale }) => (timescale ? policies() : []) },
];
