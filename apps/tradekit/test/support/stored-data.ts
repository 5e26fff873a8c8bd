import { type Candle, Decimal, Position, type Trade, type TradeStatistics } from "@tradekit/domain";
import { TimeseriesRepository } from "@tradekit/ohlcv";
import { Database, withDatabase } from "@tradekit/orm";
import { openDatabases, type SetupDatabases } from "@tradekit/setup";

/** A data folder's embedded databases opened by the test (after the CLI that used them exited). */
export interface StoredData {
  databases: SetupDatabases;
  database: Database;
  close(): Promise<void>;
}

/** Starts the two embedded servers of `dataDir` and a pool of one on the trading one. */
export async function openStoredData(dataDir: string): Promise<StoredData> {
  const databases = await openDatabases({ dataDir, env: {} });
  const database = await Database.connect({ url: databases.tradingUrl, poolSize: 1, credentialsKey: null });
  return {
    databases,
    database,
    async close() {
      await database.close();
      await databases.stop();
    },
  };
}

/** What a bot stored: its account's fills, their statistics (SQL), its orders and its runs. */
export async function storedRun(data: StoredData, botName: string) {
  return withDatabase(async (db) => {
    const [row] = await db.execute<{ id: string; account_id: string }>("select id, account_id from bots where name = $1", [
      botName,
    ]);
    if (!row) throw new Error(`no bot ${botName}`);
    const botId = Number(row.id);
    const exId = Number(row.account_id);
    const fills = await db.trades.getTrades({ exId });
    const statistics: TradeStatistics = await db.trades.getStatistics({ exId });
    const runs = await db.botRuns.getRuns(botId);
    return { botId, exId, fills, statistics, runs };
  }, data.database);
}

/** The candles of a series in [from, to] from the store. */
export async function storedCandles(data: StoredData, symbol: string, from: Date, to: Date): Promise<Candle[]> {
  await using repo = await TimeseriesRepository.open({ url: data.databases.ohlcvUrl, exchange: "paper", symbol });
  return repo.getRange("1m", from, to);
}

/**
 * The test's own replay of stored fills through a domain Position, with the candles marking it at
 * every close: realized and unrealized PnL, fees, the equity drawdown and the exposure.
 */
export function replayFills(fills: readonly Trade[], candles: readonly Candle[], start: Decimal) {
  const position = new Position({ symbol: fills[0]?.symbol ?? "BTC/USDT" });
  let fees = new Decimal(0);
  let next = 0;
  let peak = start;
  let maxDrawdown = new Decimal(0);
  let inMarket = 0;
  const closing: { pnl: Decimal; fee: Decimal }[] = [];
  for (const candle of candles) {
    const close = candle.time.getTime() + 59_999;
    while (next < fills.length && (fills[next] as Trade).time.getTime() <= close) {
      const f = fills[next++] as Trade;
      const before = position.volume;
      const r = position.addTrade({ volume: f.signedVolume, price: f.price, fee: f.fee });
      fees = fees.plus(f.fee);
      if (!before.isZero() && before.isNeg() !== f.signedVolume.isNeg()) closing.push({ pnl: r.roi, fee: r.totalFee });
    }
    if (position.isOpen) inMarket++;
    const equity = start.plus(position.calculatePnl(candle.close).totalPnl);
    if (equity.gt(peak)) peak = equity;
    if (peak.minus(equity).gt(maxDrawdown)) maxDrawdown = peak.minus(equity);
  }
  const last = candles.at(-1) as Candle;
  const pnl = position.calculatePnl(last.close);
  return {
    realized: pnl.realizedPnl,
    unrealized: pnl.unrealizedPnl,
    total: pnl.totalPnl,
    fees,
    maxDrawdown,
    exposurePct: new Decimal(inMarket).div(candles.length).times(100),
    closing,
    volume: position.volume,
  };
}

/** A fill as two runs of the same candles must agree on it (ids and the account aside). */
export const fillKey = (t: Trade): string =>
  `${t.time.toISOString()} ${t.symbol} ${t.side} ${t.volume.toFixed()} @ ${t.price.toFixed()} fee ${t.fee.toFixed()} roi ${t.result?.roi.toFixed() ?? "?"}`;
