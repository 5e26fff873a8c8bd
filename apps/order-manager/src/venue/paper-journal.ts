import type { CacheStore } from "@tradekit/cache";
import { Decimal, type OrderSide, type OrderType } from "@tradekit/domain";
import type { VenueFill, VenueOrderStatus } from "./execution-venue.js";

/** One order as the paper venue keeps it. */
export interface PaperOrder {
  clientOrderId: string;
  venueOrderId: string;
  symbol: string;
  side: OrderSide;
  orderType: OrderType;
  volume: Decimal;
  /** Limit price (limit, stop_limit), or the reference price of a market order. */
  price: Decimal | null;
  /** Trigger price of stop orders. */
  trigger: Decimal | null;
  triggered: boolean;
  status: VenueOrderStatus;
  filled: Decimal;
  fills: number;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const dec = (v: unknown): Decimal | null => (v === null || v === undefined ? null : new Decimal(String(v)));

function encodeOrder(o: PaperOrder): string {
  return JSON.stringify({
    ...o,
    volume: o.volume.toFixed(),
    price: o.price?.toFixed() ?? null,
    trigger: o.trigger?.toFixed() ?? null,
    filled: o.filled.toFixed(),
    createdAt: o.createdAt.getTime(),
    updatedAt: o.updatedAt.getTime(),
  });
}

function decodeOrder(text: string): PaperOrder {
  const r = JSON.parse(text) as Record<string, unknown>;
  return {
    clientOrderId: String(r.clientOrderId),
    venueOrderId: String(r.venueOrderId),
    symbol: String(r.symbol),
    side: r.side as OrderSide,
    orderType: r.orderType as OrderType,
    volume: dec(r.volume) as Decimal,
    price: dec(r.price),
    trigger: dec(r.trigger),
    triggered: Boolean(r.triggered),
    status: r.status as VenueOrderStatus,
    filled: dec(r.filled) as Decimal,
    fills: Number(r.fills),
    reason: r.reason === null ? null : String(r.reason),
    createdAt: new Date(Number(r.createdAt)),
    updatedAt: new Date(Number(r.updatedAt)),
  };
}

function encodeFill(f: VenueFill): string {
  return JSON.stringify({
    ...f,
    volume: f.volume.toFixed(),
    price: f.price.toFixed(),
    fee: f.fee.toFixed(),
    time: f.time.getTime(),
  });
}

function decodeFill(text: string): VenueFill {
  const r = JSON.parse(text) as Record<string, unknown>;
  return {
    tradeId: String(r.tradeId),
    clientOrderId: String(r.clientOrderId),
    venueOrderId: String(r.venueOrderId),
    symbol: String(r.symbol),
    side: r.side as OrderSide,
    orderType: r.orderType as OrderType,
    volume: dec(r.volume) as Decimal,
    price: dec(r.price) as Decimal,
    fee: dec(r.fee) as Decimal,
    feeCurrency: String(r.feeCurrency),
    time: new Date(Number(r.time)),
  };
}

/**
 * The paper venue's own book: its orders and fills in two hashes of the cache store, written
 * atomically per change, so a restarted venue (or the manager that takes a bot over) continues
 * with exactly what the venue had. On the in-memory store it lives as long as the process, like
 * the request stream beside it.
 */
export class PaperJournal {
  readonly #orders: string;
  readonly #fills: string;

  constructor(
    readonly store: CacheStore,
    keyPrefix: string,
    exchange: string,
    accountId: number,
  ) {
    this.#orders = `${keyPrefix}paper:${exchange}:${accountId}:orders`;
    this.#fills = `${keyPrefix}paper:${exchange}:${accountId}:fills`;
  }

  /** Everything the venue ever recorded. */
  async load(): Promise<{ orders: PaperOrder[]; fills: VenueFill[] }> {
    const [orders, fills] = await this.store.hgetallMany([this.#orders, this.#fills]);
    return {
      orders: Object.values(orders ?? {})
        .map(decodeOrder)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || cmp(a.venueOrderId, b.venueOrderId)),
      fills: Object.values(fills ?? {})
        .map(decodeFill)
        .sort((a, b) => a.time.getTime() - b.time.getTime() || cmp(a.tradeId, b.tradeId)),
    };
  }

  /** Writes changed orders and new fills in one atomic batch. */
  async write(orders: readonly PaperOrder[], fills: readonly VenueFill[]): Promise<void> {
    if (orders.length === 0 && fills.length === 0) return;
    const ops: { op: "hset"; key: string; fields: Record<string, string> }[] = [];
    if (orders.length > 0)
      ops.push({
        op: "hset",
        key: this.#orders,
        fields: Object.fromEntries(orders.map((o) => [o.clientOrderId, encodeOrder(o)])),
      });
    if (fills.length > 0)
      ops.push({ op: "hset", key: this.#fills, fields: Object.fromEntries(fills.map((f) => [f.tradeId, encodeFill(f)])) });
    await this.store.exec(ops);
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
