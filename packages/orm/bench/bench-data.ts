import { randomUUID } from "node:crypto";
import { Decimal, Order, Position, Trade } from "@tradekit/domain";
import { BotEntity, CatalogExchangeEntity, ExchangeAccountEntity, UserEntity } from "../src/entities/index.js";
import { withDatabase } from "../src/index.js";

export interface BenchOwner {
  uid: number;
  exId: number;
  catExId: number;
  botId: number;
}

/** A user, exchange, account and bot for the bench rows to belong to. */
export function benchOwner(): Promise<BenchOwner> {
  return withDatabase(async (db) => {
    const user = db.em.create(UserEntity, { username: "bench" });
    const exchange = db.em.create(CatalogExchangeEntity, { name: "bench-exchange" });
    const account = db.em.create(ExchangeAccountEntity, { user, catalogExchange: exchange, name: "bench" });
    const bot = db.em.create(BotEntity, { user, account, name: "bench" });
    await db.em.flush();
    return { uid: user.id, exId: account.id, catExId: exchange.id, botId: bot.id };
  });
}

/** `n` fills of one stream: a random walk of prices, buys and sells that keep crossing zero. */
export function syntheticFills(exId: number, n: number): Trade[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let price = 67000;
  const t0 = Date.UTC(2025, 0, 1);
  return Array.from({ length: n }, (_, i) => {
    price = Math.max(1000, price + Math.round((rand() - 0.5) * 200) / 100);
    const volume = (Math.floor(rand() * 5000) + 1) / 10000;
    return Trade.create({
      exTradeId: `b${i}`,
      exId,
      symbol: "BTC/USDT",
      side: rand() < 0.5 ? "buy" : "sell",
      volume,
      price,
      fee: new Decimal(String(price)).mul(String(volume)).mul("0.001"),
      time: t0 + i * 250,
    });
  });
}

const TRADE_COLUMNS = [
  "account_id",
  "ex_trade_id",
  "symbol",
  "side",
  "volume",
  "price",
  "cost",
  "fee",
  "leverage",
  "time",
  "roi",
  "roi_pct",
  "total_fee",
  "cur_volume",
  "cur_avg_price",
  "cur_avg_cost",
  "cur_fee",
  "closed_volume",
];

/** The rows saveTrades writes for `fills` (results computed here), as multi-row INSERTs. */
export function tradeRowsWithResults(fills: readonly Trade[]) {
  const position = new Position({ symbol: "BTC/USDT", exId: fills[0]?.exId ?? null });
  const values = fills.map((t) => {
    const r = position.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
    return [
      t.exId,
      t.exTradeId,
      t.symbol,
      t.side,
      t.volume.toFixed(),
      t.price.toFixed(),
      t.cost.toFixed(),
      t.fee.toFixed(),
      t.leverage.toFixed(),
      t.time.toISOString(),
      r.roi.toFixed(),
      r.roiPct.toFixed(),
      r.totalFee.toFixed(),
      r.curVolume.toFixed(),
      r.curAvgPrice.toFixed(),
      r.curAvgCost.toFixed(),
      r.curFee.toFixed(),
      r.closedVolume.toFixed(),
    ];
  });
  return {
    *chunks(size: number) {
      for (let i = 0; i < values.length; i += size) {
        const part = values.slice(i, i + size);
        const tuples = part.map((_, r) => `(${TRADE_COLUMNS.map((__, c) => `$${r * TRADE_COLUMNS.length + c + 1}`).join(", ")})`);
        yield { sql: `insert into trades (${TRADE_COLUMNS.join(", ")}) values ${tuples.join(", ")}`, params: part.flat() };
      }
    },
  };
}

const ORDER_SQL = `insert into orders (bot_id, user_id, account_id, catalog_exchange_id, exchange, symbol, order_type, side, volume,
  price, futures, leverage, status, client_order_id, created_at, updated_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, 1, 'new', $11, $12, $12) returning id`;

/** `n` fresh limit orders, each both as a domain Order and as the baseline's INSERT. */
export function orderBatch(owner: BenchOwner, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const order = Order.create({
      botId: owner.botId,
      uid: owner.uid,
      exId: owner.exId,
      catExId: owner.catExId,
      exchange: "bench",
      symbol: "BTC/USDT",
      orderType: "limit",
      side: i % 2 ? "sell" : "buy",
      volume: "0.01",
      price: "67000",
      clientOrderId: randomUUID(),
    });
    const params = [
      owner.botId,
      owner.uid,
      owner.exId,
      owner.catExId,
      "bench",
      "BTC/USDT",
      "limit",
      order.side,
      "0.01",
      "67000",
      randomUUID(),
      new Date(),
    ];
    return { order, sql: ORDER_SQL, params };
  });
}

/** One million closed-or-opening fills written by SQL, for the statistics query. */
export const statisticsTrades = {
  sql: `insert into trades (account_id, ex_trade_id, symbol, side, volume, price, cost, fee, leverage, time,
      roi, roi_pct, total_fee, cur_volume, cur_avg_price, cur_avg_cost, cur_fee, closed_volume)
    select $1, 's' || g, 'BTC/USDT', case when g % 2 = 0 then 'buy' else 'sell' end, 1, 100, 100, 0.1, 1,
      now() - make_interval(secs => g),
      case when g % 2 = 1 then round(((random() - 0.45) * 10)::numeric, 8) else 0 end, 0, 0.2, 0, 0, 0, 0,
      case when g % 2 = 1 then 1 else 0 end
    from generate_series(1, $2::int) g`,
};
