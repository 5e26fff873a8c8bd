import { Decimal } from "@tradekit/domain";
import type { FillModel } from "./fill-model.js";
import type { PaperOrder } from "./paper-journal.js";

/** The prices of one ticker the venue matches against. */
export interface Quote {
  symbol: string;
  last: Decimal;
  bid: Decimal | null;
  ask: Decimal | null;
  time: Date;
}

/** A fill the matching decided, before the wallet check. */
export interface Match {
  volume: Decimal;
  price: Decimal;
}

/**
 * Whether `order` trades at `quote`, and how much at what price: a market order at the quote plus
 * slippage; a limit order only when the quote trades through its price (at its price or better);
 * a stop order once the last price reaches its trigger. At most `maxFill` per ticker.
 */
export function matchOrder(
  order: PaperOrder,
  quote: Quote,
  model: FillModel,
  tradeId: string,
  maxFill: Decimal | null,
): Match | null {
  const buy = order.side === "buy";
  const takePrice = buy ? (quote.ask ?? quote.last) : (quote.bid ?? quote.last);
  if ((order.orderType === "stop" || order.orderType === "stop_limit") && !order.triggered) {
    const trigger = order.trigger as Decimal;
    if (buy ? quote.last.lt(trigger) : quote.last.gt(trigger)) return null;
    order.triggered = true;
  }
  const remaining = order.volume.minus(order.filled);
  const volume = maxFill?.lt(remaining) ? maxFill : remaining;
  if (!volume.gt(0)) return null;
  if (order.orderType === "market" || order.orderType === "stop") {
    return { volume, price: model.marketPrice(takePrice, order.side, tradeId) };
  }
  const limit = order.price as Decimal;
  if (buy ? takePrice.gt(limit) : takePrice.lt(limit)) return null;
  return { volume, price: buy ? Decimal.min(limit, takePrice) : Decimal.max(limit, takePrice) };
}
