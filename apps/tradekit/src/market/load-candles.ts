import { TimeseriesRepository } from "@tradekit/ohlcv";
import type { Database } from "@tradekit/orm";
import { importCandles, type SetupDatabases } from "@tradekit/setup";
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
 * Puts a run's candles into the candle store: the generated market (upserted, so a second run of
 * the same seed finds them all present), or a file through setup's importer (every row checked;
 * a file with a bad row writes nothing and names it). A file's market is added to the paper venue
 * when the catalog lacks it.
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
    await using repo = await TimeseriesRepository.open({ url: databases.ohlcvUrl, exchange: "paper", symbol, create: true });
    const progress: Progress = progressFor("store candles", market.candles.length, options.progress, logger);
    let written: Awaited<ReturnType<TimeseriesRepository["upsertMany"]>>;
    try {
      written = await repo.upsertMany(market.candles, { onProgress: (n) => progress.tick(n) });
    } finally {
      progress.stop();
    }
    const description = `generated market: seed ${source.seed ?? 42}, ${source.days ?? 21} days of 1m candles, ${market.gaps} gaps (${market.missing} minutes missing)`;
    logger.info({ ...written, gaps: market.gaps, missing: market.missing }, `candles stored: ${description}`);
    return {
      market: { exchange: "paper", symbol, timeframe: "1m" },
      from: new Date(first.time),
      to: new Date(last.time),
      candles: market.candles.length,
      inserted: written.inserted,
      updated: written.updated,
      unchanged: written.unchanged,
      description,
    };
  }
  const file = await inspectCandleFile(source.path, source);
  const { created } = await ensurePaperSymbol(database, file);
  if (created) logger.info({ symbol: file.symbol }, `added ${file.symbol} to the paper venue's markets (the file's precision)`);
  const result = await importCandles(databases, [file.path], {
    exchange: "paper",
    symbol: file.symbol,
    timeframe: file.timeframe,
    format: file.format,
    progress: options.progress,
    logger,
  });
  const t = result.totals;
  return {
    market: { exchange: "paper", symbol: file.symbol, timeframe: file.timeframe },
    from: file.first,
    to: file.last,
    candles: file.rows,
    inserted: t.inserted,
    updated: t.updated,
    unchanged: t.alreadyPresent,
    description: `${file.path} (${file.format}, ${file.rows} candles)`,
  };
}
