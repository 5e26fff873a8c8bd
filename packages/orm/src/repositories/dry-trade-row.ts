import { DryTrade, type OrderType } from "@tradekit/domain";
import { dateOf, decimalOf, decimalOrNull, idOf, idOrNull, textOrNull } from "./row-values.js";
import { RESULT_COLUMNS, rowResult } from "./trade-row.js";

/** Every column a DryTrade is read from. */
export const DRY_TRADE_SELECT =
  "id, bot_id, account_id, user_id, catalog_exchange_id, ex_trade_id, ex_order_id, symbol, order_type, side, volume, price, " +
  `cost, fee, fee_currency, leverage, time, reason, closing_trade, ${RESULT_COLUMNS.join(", ")}`;

/** A `dry_trades` row as the domain DryTrade. */
export function rowToDryTrade(r: Record<string, unknown>): DryTrade {
  return DryTrade.create({
    id: idOf(r.id),
    botId: idOf(r.bot_id),
    exTradeId: textOrNull(r.ex_trade_id),
    exOrderId: textOrNull(r.ex_order_id),
    uid: idOrNull(r.user_id),
    exId: idOrNull(r.account_id),
    catExId: idOrNull(r.catalog_exchange_id),
    symbol: String(r.symbol),
    orderType: (r.order_type ?? null) as OrderType | null,
    side: r.side === "sell" ? "sell" : "buy",
    volume: decimalOf(r.volume),
    price: decimalOf(r.price),
    cost: decimalOf(r.cost),
    fee: decimalOf(r.fee),
    feeCurrency: textOrNull(r.fee_currency),
    leverage: decimalOrNull(r.leverage) ?? "1",
    time: dateOf(r.time),
    reason: textOrNull(r.reason),
    closingTrade: Boolean(r.closing_trade),
    result: rowResult(r),
  });
}
