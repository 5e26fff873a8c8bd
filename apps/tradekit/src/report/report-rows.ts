import type { Decimal } from "@tradekit/domain";
import type { RunReport } from "./run-report.js";

/** One line of the report: the terminal prints `label  value`, the page a table row with the same text. */
export interface ReportRow {
  /** Stable name (the page's data-metric, the --json key). */
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

/** A ratio for people: two decimals (the exact value is in --json). */
export const pct = (d: Decimal): string => `${d.toFixed(2)} %`;
const money = (d: Decimal, currency: string): string => `${d.toFixed()} ${currency}`;
const iso = (d: Date): string => d.toISOString().replace(".000Z", "Z");

/** The headline numbers, in the order both the terminal and the page show them. */
export function reportRows(r: RunReport): ReportRow[] {
  const q = r.input.quoteCurrency;
  const s = r.statistics;
  const orders = Object.entries(r.orders)
    .map(([status, n]) => `${status} ${n}`)
    .join(", ");
  const orderCount = Object.values(r.orders).reduce((a, b) => a + b, 0);
  return [
    { key: "bot", label: "Bot", value: `${r.input.botName} (id ${r.input.botId}), run ${r.input.runId}` },
    { key: "market", label: "Market", value: `${r.input.exchange} ${r.input.symbol} ${r.input.timeframe}` },
    { key: "period", label: "Candles", value: `${iso(r.input.from)} to ${iso(r.input.to)}, ${r.bars} bars` },
    { key: "orders", label: "Orders", value: orderCount === 0 ? "0" : `${orderCount} (${orders})` },
    { key: "fills", label: "Fills", value: String(r.fills) },
    { key: "trades", label: "Trades (closed)", value: String(s.totalTrades) },
    { key: "winningTrades", label: "Winning / losing", value: `${s.winningTrades} / ${s.losingTrades}` },
    { key: "winRate", label: "Win rate", value: pct(s.winRate) },
    {
      key: "profitFactor",
      label: "Profit factor",
      value: s.profitFactor === null ? "n/a (no losing trade)" : s.profitFactor.toFixed(4),
    },
    { key: "grossProfit", label: "Gross profit / loss", value: `${money(s.grossProfit, q)} / ${money(s.grossLoss, q)}` },
    { key: "realizedPnl", label: "Realized PnL", value: money(r.realizedPnl, q) },
    { key: "unrealizedPnl", label: "Unrealized PnL", value: money(r.unrealizedPnl, q) },
    { key: "totalPnl", label: "Total PnL", value: money(r.totalPnl, q) },
    { key: "fees", label: "Fees paid", value: money(r.fees, q) },
    {
      key: "equity",
      label: "Equity",
      value: `${money(r.input.startingBalance, q)} -> ${money(r.endingEquity, q)} (${pct(r.returnPct)})`,
    },
    { key: "maxDrawdown", label: "Max drawdown", value: `${money(r.maxDrawdown, q)} (${pct(r.maxDrawdownPct)} of the peak)` },
    { key: "closedDrawdown", label: "Max drawdown, closed trades", value: money(s.maxDrawdown, q) },
    { key: "exposure", label: "Exposure", value: `${pct(r.exposurePct)} of bars in the market` },
  ];
}

/** One row per symbol: the per-symbol lines. */
export function symbolRows(r: RunReport): string[][] {
  const q = r.input.quoteCurrency;
  return r.perSymbol.map((l) => [
    l.symbol,
    String(l.fills),
    String(l.trades),
    pct(l.winRate),
    money(l.realizedPnl, q),
    money(l.unrealizedPnl, q),
    money(l.fees, q),
    l.openVolume.toFixed(),
  ]);
}

/** Headers of symbolRows. */
export const SYMBOL_HEADERS = ["symbol", "fills", "trades", "win rate", "realized", "unrealized", "fees", "open volume"];

/** One row per closed trade. */
export function tradeRows(r: RunReport): string[][] {
  return r.closedTrades.map((t) => [
    iso(t.time),
    t.symbol,
    t.side,
    t.volume.toFixed(),
    t.entryPrice.toDecimalPlaces(8).toFixed(),
    t.exitPrice.toFixed(),
    t.pnl.toFixed(),
    `${t.pnlPct.toFixed(2)} %`,
    t.fee.toFixed(),
  ]);
}

/** Headers of tradeRows. */
export const TRADE_HEADERS = ["closed at", "symbol", "side", "volume", "entry", "exit", "pnl", "pnl %", "fees"];
