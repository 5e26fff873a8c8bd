import { ValidationError } from "@tradekit/domain";

const segment = (field: string, value: string | number): string => {
  const text = String(value);
  if (text.length === 0 || /\s/.test(text)) throw ValidationError.invalid(field, value, "a non-empty name without whitespace");
  return text;
};

/**
 * Every key and channel the caches use, under one prefix: the layout the README documents.
 * Nothing else builds a key, so nothing escapes the prefix.
 */
export class KeyLayout {
  constructor(readonly prefix: string) {
    if (typeof prefix !== "string") throw ValidationError.invalid("keyPrefix", prefix, 'a string such as "tradekit:"');
  }

  tickers(exchange: string): string {
    return `${this.prefix}tick:${segment("exchange", exchange)}`;
  }
  tickerChannel(exchange: string): string {
    return `${this.prefix}tick-updates:${segment("exchange", exchange)}`;
  }
  positions(exId: number): string {
    return `${this.prefix}acct:pos:${segment("exId", exId)}`;
  }
  accounts(): string {
    return `${this.prefix}acct:balances`;
  }
  botIds(): string {
    return `${this.prefix}bot:ids`;
  }
  bot(botId: number): string {
    return `${this.prefix}bot:${segment("botId", botId)}`;
  }
  heartbeat(botId: number): string {
    return `${this.prefix}bot:${segment("botId", botId)}:heartbeat`;
  }
  openingPosition(botId: number, symbol: string): string {
    return `${this.prefix}bot:${segment("botId", botId)}:opening:${segment("symbol", symbol)}`;
  }
  exchangeBlock(exchange: string): string {
    return `${this.prefix}block:${segment("exchange", exchange)}`;
  }
  newOrders(): string {
    return `${this.prefix}order-queue:new`;
  }
  orderIndex(exchange: string): string {
    return `${this.prefix}order-index:${segment("exchange", exchange)}`;
  }
  order(exchange: string, orderId: string): string {
    return `${this.prefix}order:${segment("exchange", exchange)}:${segment("orderId", orderId)}`;
  }
  rawTrades(exchange: string, symbol: string): string {
    return `${this.prefix}trades:raw:${segment("exchange", exchange)}:${segment("symbol", symbol)}`;
  }
  userTrades(uid: number): string {
    return `${this.prefix}trades:user:${segment("uid", uid)}`;
  }
  lookup(key: string): string {
    return `${this.prefix}lookup:${segment("key", key)}`;
  }
}
