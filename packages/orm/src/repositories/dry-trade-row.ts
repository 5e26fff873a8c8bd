import { DryTrade } from "@tradekit/domain";
import { idOf, idOrNull, textOrNull } from "./row-values.js";
import { fillFieldsOf, RESULT_COLUMNS } from "./trade-row.js";

/** Every column a DryTrade is read from. */
export const DRY_TRADE_SELECT =
  "id, bot_id, account_id, user_id, catalog_exchange_id, ex_trade_id, ex_order_id, symbol, order_type, side, volume, price, " +
  `cost, fee, fee_currency, leverage, time, reason, closing_trade, ${RESULT_COLUMNS.join(", ")}`;

/** A `dry_trades` row as the domain DryTrade. */
export function rowToDryTrade(r: Record<string, unknown>): DryTrade {
  return DryTrade.create({
    ...fillFieldsOf(r),
    botId: idOf(r.bot_id),
    exTradeId: textOrNull(r.ex_trade_id),
    exId: idOrNull(r.account_id),
    reason: textOrNull(r.reason),
    closingTrade: Boolean(r.closing_trade),
  });
}
