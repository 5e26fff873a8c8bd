import { basename } from "node:path";
import type { CandleInput } from "@tradekit/domain";
import { TimeseriesRepository } from "@tradekit/ohlcv";
import type { Database } from "@tradekit/orm";
import { ImportRejectedError, type SetupDatabases } from "@tradekit/setup";
import type { Logger } from "pino";
import type { RunMarket } from "../run/run-bot.js";
import { ensurePaperSymbol, inspectCandleFile } from "./file-market.js";
import { generateMarket, type MarketOptions } from "./generated-market.js";
import { type Progress, type ProgressMode, progressFor } from "./progress.js";

/** Where the candles of a run come from. */
export type CandleSource =
  | ({ readonly kind: "generated"; readonly symbol?: string } & MarketOptions)
  | {
      readonly kind: "file";
      readonly path: string;
      readonly format?: string;
      readonly symbol?: string;
      readonly timeframe?: string;
      /** Store the good rows of a file with bad ones (default: write nothing and name the first bad row). */
      readonly skipBad?: boolean;
    };

/** What is now in the store for the run. */
export interface LoadedCandles {
  readonly market: RunMarket;
  /** Bucket starts of the first and last candle of the source. */
  readonly from: Date;
  readonly to: Date;
  readonly candles: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Words for the report: where they came from. */
  readonly description: string;
}

/**
 * Puts a run's candles into the candle store (upserted: a second run of the same candles finds
 * them all present): the generated market, or a file read by the ohlcv importers' readers, every
 * row checked first (a file with a bad row writes nothing and names it, as setup's import does).
 * A file's market is added to the paper venue when the catalog lacks it.
 */
export async function loadCandles(
  databases: SetupDatabases,
  database: Database,
  source: CandleSource,
  options: { logger: Logger; progress: ProgressMode },
): Promise<LoadedCandles> {
  const { logger } = options;
  if (source.kind === "generated") {
    const market = generateMarket(source);
    const symbol = source.symbol ?? "BTC/USDT";
    const first = market.candles[0];
    const last = market.candles.at(-1);
    if (!first || !last) throw new Error("the generated market has no candles");
    const written = await store(databases.ohlcvUrl, symbol, market.candles, "1m", options, "generated candles");
    const description = `generated market: seed ${source.seed ?? 42}, ${source.days ?? 21} days of 1m candles, ${market.gaps} gaps (${market.missing} minutes missing)`;
    logger.info({ gaps: market.gaps, missing: market.missing }, description);
    return {
      market: { exchange: "paper", symbol, timeframe: "1m" },
      from: new Date(first.time),
      to: new Date(last.time),
      candles: market.candles.length,
      ...written,
      description,
    };
  }
  const file = await inspectCandleFile(source.path, source);
  const bad = file.rejected[0];
  // As setup's import: a file with a bad row writes nothing and names the row.
  if (bad && !source.skipBad) throw new ImportRejectedError(file.path, bad, file.rejected.length);
  if (bad) logger.warn({ rejected: file.rejected.length, first: file.rejected.slice(0, 5) }, `${file.path}: skipping bad rows`);
  const { created } = await ensurePaperSymbol(database, file);
  if (created) logger.info({ symbol: file.symbol }, `added ${file.symbol} to the paper venue's markets (the file's precision)`);
  const written = await store(databases.ohlcvUrl, file.symbol, file.candles, file.timeframe, options, basename(file.path));
  return {
    market: { exchange: "paper", symbol: file.symbol, timeframe: file.timeframe },
    from: file.first,
    to: file.last,
    candles: file.candles.length,
    ...written,
    description: `${file.path} (${file.format}, ${file.candles.length} candles)`,
  };
}

/** Upserts candles into the store with progress: a second load of the same candles finds them all present. */
async function store(
  url: string,
  symbol: string,
  candles: readonly CandleInput[],
  timeframe: string,
  options: { logger: Logger; progress: ProgressMode },
  label: string,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  await using repo = await TimeseriesRepository.open({ url, exchange: "paper", symbol, create: true });
  const progress: Progress = progressFor(`store ${label}`, candles.length, options.progress, options.logger);
  try {
    const w = await repo.upsertMany(candles, { timeframe, onProgress: (n) => progress.tick(n) });
    options.logger.info({ symbol, timeframe, ...w }, "candles stored");
    return { inserted: w.inserted, updated: w.updated, unchanged: w.unchanged };
  } finally {
    progress.stop();
  }
}
