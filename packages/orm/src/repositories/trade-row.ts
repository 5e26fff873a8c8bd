import { type OrderType, Trade, type TradeResult } from "@tradekit/domain";
import { dateOf, decimalOf, decimalOrNull, idOf, idOrNull, textOrNull } from "./row-values.js";

/** The result columns, in the order resultParams writes them. */
export const RESULT_COLUMNS = [
  "roi",
  "roi_pct",
  "total_fee",
  "cur_volume",
  "cur_avg_price",
  "cur_avg_cost",
  "cur_fee",
  "closed_volume",
];

/** Every column a Trade is read from. */
export const TRADE_SELECT =
  "id, account_id, user_id, catalog_exchange_id, ex_trade_id, ex_order_id, symbol, order_type, side, volume, price, cost, fee, " +
  `fee_currency, leverage, time, ${RESULT_COLUMNS.join(", ")}`;

/** A TradeResult and the closed volume as decimal strings, in RESULT_COLUMNS order. */
export function resultValues(result: TradeResult, closedVolume: { toFixed(): string }): string[] {
  return [
    result.roi.toFixed(),
    result.roiPct.toFixed(),
    result.totalFee.toFixed(),
    result.curVolume.toFixed(),
    result.curAvgPrice.toFixed(),
    result.curAvgCost.toFixed(),
    result.curFee.toFixed(),
    closedVolume.toFixed(),
  ];
}

/** The stored result of a row, or null while uncalculated. */
export function rowResult(r: Record<string, unknown>): TradeResult | null {
  if (r.roi === null || r.roi === undefined) return null;
  return {
    roi: decimalOf(r.roi),
    roiPct: decimalOf(r.roi_pct),
    totalFee: decimalOf(r.total_fee),
    curVolume: decimalOf(r.cur_volume),
    curAvgPrice: decimalOf(r.cur_avg_price),
    curAvgCost: decimalOf(r.cur_avg_cost),
    curFee: decimalOf(r.cur_fee),
  };
}

/** The columns a Trade and a DryTrade share, read from their row. */
export function fillFieldsOf(r: Record<string, unknown>) {
  return {
    id: idOf(r.id),
    exOrderId: textOrNull(r.ex_order_id),
    uid: idOrNull(r.user_id),
    catExId: idOrNull(r.catalog_exchange_id),
    symbol: String(r.symbol),
    orderType: (r.order_type ?? null) as OrderType | null,
    side: r.side === "sell" ? ("sell" as const) : ("buy" as const),
    volume: decimalOf(r.volume),
    price: decimalOf(r.price),
    cost: decimalOf(r.cost),
    fee: decimalOf(r.fee),
    feeCurrency: textOrNull(r.fee_currency),
    leverage: decimalOrNull(r.leverage) ?? "1",
    time: dateOf(r.time),
    result: rowResult(r),
  };
}

/** A `trades` row as the domain Trade. */
export function rowToTrade(r: Record<string, unknown>): Trade {
  return Trade.create({ ...fillFieldsOf(r), exTradeId: String(r.ex_trade_id), exId: idOf(r.account_id) });
}
