import { computeTradeStatistics, Decimal, Timeframe, type Trade, type TradeStatistics } from "@tradekit/domain";
import { type Database, withDatabase } from "@tradekit/orm";
import { barCloseTime, type CandleStore, storeCandles } from "@tradekit/strategy-runner";
import { ChartBuilder, type ChartData, chartTimeframe } from "./chart-series.js";
import { type ClosedTrade, EquityWalk, type FillMark, FillReplay, type ResultMismatch } from "./fill-replay.js";

/** Which run to report on and how it was set up. */
export interface ReportInput {
  readonly botId: number;
  readonly botName: string;
  readonly accountId: number;
  readonly runId: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** Bucket starts of the first and last candle replayed. */
  readonly from: Date;
  readonly to: Date;
  /** What the account started with, in the traded symbol's quote currency. */
  readonly startingBalance: Decimal;
  readonly quoteCurrency: string;
  /** Free words shown with the report (the paper settings, the candles' source). */
  readonly notes?: readonly string[];
  /** Check the run's recorded PnL against the report (default true; off when the account's fills span several runs). */
  readonly checkRunTotals?: boolean;
}

/** One symbol's line. */
export interface SymbolLine {
  readonly symbol: string;
  readonly fills: number;
  readonly trades: number;
  readonly winRate: Decimal;
  readonly realizedPnl: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly fees: Decimal;
  /** Signed open volume at the end. */
  readonly openVolume: Decimal;
}

/** A consistency check between the stored data and its replay through the domain. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Everything the terminal and the page show: exact decimals, computed from the stored fills. */
export interface RunReport {
  readonly input: ReportInput;
  readonly bars: number;
  readonly fills: number;
  readonly orders: Readonly<Record<string, number>>;
  /** The stored statistics of the closed trades (db.trades.getStatistics). */
  readonly statistics: TradeStatistics;
  readonly realizedPnl: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly totalPnl: Decimal;
  /** Every fee paid, entries and exits. */
  readonly fees: Decimal;
  readonly endingEquity: Decimal;
  readonly returnPct: Decimal;
  /** Largest fall of equity (marked at every close) from its running peak, and as % of that peak. */
  readonly maxDrawdown: Decimal;
  readonly maxDrawdownPct: Decimal;
  /** Percent of bars that closed with a position open. */
  readonly exposurePct: Decimal;
  readonly lastPrice: Decimal | null;
  readonly perSymbol: readonly SymbolLine[];
  readonly closedTrades: readonly ClosedTrade[];
  readonly marks: readonly FillMark[];
  readonly chart: ChartData;
  readonly checks: readonly Check[];
  /** The run as the runner recorded it. */
  readonly run: { readonly status: string; readonly totalTrades: number; readonly totalPnl: Decimal };
}

const STAT_FIELDS = [
  "totalTrades",
  "winningTrades",
  "losingTrades",
  "winRate",
  "grossProfit",
  "grossLoss",
  "netPnl",
  "totalFees",
  "largestWin",
  "largestLoss",
  "profitFactor",
  "maxDrawdown",
] as const;

const text = (v: unknown): string => (v === null ? "null" : v instanceof Decimal ? v.toFixed() : String(v));
const same = (a: unknown, b: unknown): boolean => (a instanceof Decimal && b instanceof Decimal ? a.eq(b) : text(a) === text(b));

function statisticsCheck(stored: TradeStatistics, replayed: TradeStatistics): Check {
  const off = STAT_FIELDS.filter((f) => !same(stored[f], replayed[f]));
  return {
    name: "stored statistics = the domain statistics of the replayed fills",
    ok: off.length === 0,
    detail:
      off.length === 0 ? "equal" : off.map((f) => `${f}: stored ${text(stored[f])}, replayed ${text(replayed[f])}`).join("; "),
  };
}

function resultsCheck(mismatches: readonly ResultMismatch[], fills: number): Check {
  const first = mismatches[0];
  return {
    name: "stored trade results = Position replay of the stored fills",
    ok: mismatches.length === 0,
    detail: first
      ? `${mismatches.length} differ; first: fill ${first.exTradeId} ${first.field} stored ${first.stored}, replayed ${first.replayed}`
      : `${fills} fills equal`,
  };
}

/**
 * The report of one run, from what is stored: its fills (db.trades of its account) replayed
 * through a domain Position per symbol, checked against the results stored on each fill and
 * against the stored statistics; its candles from the store (the marks of the equity curve, the
 * exposure and the price chart).
 */
export async function buildRunReport(database: Database, candles: CandleStore, input: ReportInput): Promise<RunReport> {
  const { fills, statistics, orders, run } = await withDatabase(async (db) => {
    const fills = await db.trades.getTrades({ exId: input.accountId });
    const statistics = await db.trades.getStatistics({ exId: input.accountId });
    const rows = await db.execute<{ status: string; n: number }>(
      "select status, count(*)::int as n from orders where bot_id = $1 group by status order by status",
      [input.botId],
    );
    const run = await db.botRuns.getRun(input.runId);
    return { fills, statistics, orders: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), run };
  }, database);

  const timeframe = Timeframe.parse(input.timeframe);
  const replay = new FillReplay();
  const walk = new EquityWalk(input.startingBalance, fills as Trade[], replay);
  const chart = new ChartBuilder(chartTimeframe(timeframe, input.to.getTime() - input.from.getTime() + timeframe.ms));
  for await (const candle of storeCandles(candles, input.exchange, input.symbol, timeframe, input.from, input.to)) {
    const equity = walk.bar(input.symbol, candle, barCloseTime(candle, timeframe).getTime());
    chart.add(candle, equity.toNumber());
  }
  walk.finish();

  const marks = walk.marks;
  let unrealized = new Decimal(0);
  const perSymbol: SymbolLine[] = [];
  for (const [symbol, position] of replay.positions) {
    const mark = marks.get(symbol) ?? replay.lastPrice.get(symbol);
    const u = position.isOpen && mark ? position.calculatePnl(mark).unrealizedPnl : new Decimal(0);
    unrealized = unrealized.plus(u);
    const closed = replay.closed.filter((t) => t.symbol === symbol);
    const stats = computeTradeStatistics(closed.map((t) => ({ pnl: t.pnl, fee: t.fee })));
    perSymbol.push({
      symbol,
      fills: replay.fillCounts.get(symbol) ?? 0,
      trades: closed.length,
      winRate: stats.winRate,
      realizedPnl: position.realizedPnl,
      unrealizedPnl: u,
      fees: replay.fees.get(symbol) ?? new Decimal(0),
      openVolume: position.volume,
    });
  }
  const realized = replay.realized;
  const total = realized.plus(unrealized);
  let fees = new Decimal(0);
  for (const f of replay.fees.values()) fees = fees.plus(f);
  const ending = input.startingBalance.plus(total);
  const replayed = computeTradeStatistics(replay.closed.map((t) => ({ pnl: t.pnl, fee: t.fee })));
  const checks: Check[] = [resultsCheck(replay.mismatches, fills.length), statisticsCheck(statistics, replayed)];
  if (input.checkRunTotals !== false)
    checks.push({
      name: "the runner's recorded run PnL = realized + unrealized",
      ok: run.totalPnl.eq(total),
      detail: `run ${run.id}: ${run.totalPnl.toFixed()}, report ${total.toFixed()}`,
    });
  return {
    input,
    bars: walk.bars,
    fills: fills.length,
    orders,
    statistics,
    realizedPnl: realized,
    unrealizedPnl: unrealized,
    totalPnl: total,
    fees,
    endingEquity: ending,
    returnPct: total.div(input.startingBalance).times(100),
    maxDrawdown: walk.maxDrawdown,
    maxDrawdownPct: walk.maxDrawdownPct,
    exposurePct: walk.bars === 0 ? new Decimal(0) : new Decimal(walk.barsInMarket).div(walk.bars).times(100),
    lastPrice: marks.get(input.symbol) ?? null,
    perSymbol,
    closedTrades: replay.closed,
    marks: replay.marks,
    chart: chart.build(),
    checks,
    run: { status: run.status, totalTrades: run.totalTrades, totalPnl: run.totalPnl },
  };
}
