import type { InferEntity } from "@mikro-orm/core";
import { Order, type OrderStatus, type OrderType } from "@tradekit/domain";
import type { OrderEntity } from "../entities/index.js";
import { storableDecimal, storableText } from "../models/input-checks.js";

type OrderRow = InferEntity<typeof OrderEntity>;

/** An orders entity as the domain Order. */
export function toOrder(e: OrderRow): Order {
  return Order.create({
    id: e.id,
    botId: e.bot?.id ?? null,
    uid: e.user?.id ?? null,
    exId: e.account?.id ?? null,
    catExId: e.catalogExchange?.id ?? null,
    exchange: e.exchange,
    symbol: e.symbol,
    orderType: e.orderType as OrderType,
    side: e.side,
    volume: e.volume,
    finalVolume: e.finalVolume ?? null,
    price: e.price ?? null,
    plimit: e.plimit ?? null,
    tick: e.tick ?? null,
    futures: e.futures,
    leverage: e.leverage,
    status: e.status as OrderStatus,
    command: e.command ?? null,
    reason: e.reason ?? null,
    exOrderId: e.exOrderId ?? null,
    clientOrderId: e.clientOrderId,
    stopLoss: e.stopLoss ?? null,
    takeProfit: e.takeProfit ?? null,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  });
}

/** The columns of a new orders row for `o`; its text and numbers checked to fit them first. */
export function orderColumns(o: Order) {
  for (const f of ["exchange", "symbol", "clientOrderId", "exOrderId", "command", "status"] as const) storableText(f, o[f]);
  storableText("reason", o.reason, 1_000_000);
  for (const f of ["volume", "finalVolume", "price", "plimit", "tick", "leverage", "stopLoss", "takeProfit"] as const) {
    const value = o[f];
    if (value !== null) storableDecimal(f, value);
  }
  return {
    bot: o.botId,
    user: o.uid,
    account: o.exId,
    catalogExchange: o.catExId,
    exchange: o.exchange,
    symbol: o.symbol,
    orderType: o.orderType,
    side: o.side,
    volume: o.volume,
    finalVolume: o.finalVolume,
    price: o.price,
    plimit: o.plimit,
    tick: o.tick,
    futures: o.futures,
    leverage: o.leverage,
    status: o.status,
    command: o.command,
    reason: o.reason,
    exOrderId: o.exOrderId,
    clientOrderId: o.clientOrderId,
    stopLoss: o.stopLoss,
    takeProfit: o.takeProfit,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}
