import { Order, type OrderStatus, type OrderType } from "@tradekit/domain";
import { dateOf, decimalOf, decimalOrNull, idOf, idOrNull, textOrNull } from "./row-values.js";

/** The columns of `orders` in the order ORDER_INSERT binds them. */
export const ORDER_COLUMNS =
  "bot_id, user_id, account_id, catalog_exchange_id, exchange, symbol, order_type, side, volume, final_volume, price, plimit, tick, " +
  "futures, leverage, status, command, reason, ex_order_id, client_order_id, stop_loss, take_profit, created_at, updated_at";

/** Every column of `orders`, for SELECT and RETURNING. */
export const ORDER_SELECT = `id, ${ORDER_COLUMNS}`;

const dec = (d: { toFixed(): string } | null): string | null => (d === null ? null : d.toFixed());

/** An Order's values in ORDER_COLUMNS order. */
export function orderParams(o: Order): unknown[] {
  return [
    o.botId,
    o.uid,
    o.exId,
    o.catExId,
    o.exchange,
    o.symbol,
    o.orderType,
    o.side,
    o.volume.toFixed(),
    dec(o.finalVolume),
    dec(o.price),
    dec(o.plimit),
    dec(o.tick),
    o.futures,
    o.leverage.toFixed(),
    o.status,
    o.command,
    o.reason,
    o.exOrderId,
    o.clientOrderId,
    dec(o.stopLoss),
    dec(o.takeProfit),
    o.createdAt,
    o.updatedAt,
  ];
}

/** An `orders` row as the domain Order. */
export function rowToOrder(r: Record<string, unknown>): Order {
  return Order.create({
    id: idOf(r.id),
    botId: idOrNull(r.bot_id),
    uid: idOrNull(r.user_id),
    exId: idOrNull(r.account_id),
    catExId: idOrNull(r.catalog_exchange_id),
    exchange: String(r.exchange),
    symbol: String(r.symbol),
    orderType: r.order_type as OrderType,
    side: r.side === "sell" ? "sell" : "buy",
    volume: decimalOf(r.volume),
    finalVolume: decimalOrNull(r.final_volume),
    price: decimalOrNull(r.price),
    plimit: decimalOrNull(r.plimit),
    tick: decimalOrNull(r.tick),
    futures: Boolean(r.futures),
    leverage: decimalOf(r.leverage),
    status: r.status as OrderStatus,
    command: textOrNull(r.command),
    reason: textOrNull(r.reason),
    exOrderId: textOrNull(r.ex_order_id),
    clientOrderId: String(r.client_order_id),
    stopLoss: decimalOrNull(r.stop_loss),
    takeProfit: decimalOrNull(r.take_profit),
    createdAt: dateOf(r.created_at),
    updatedAt: dateOf(r.updated_at),
  });
}
