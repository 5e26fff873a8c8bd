import { setTimeout as sleep } from "node:timers/promises";
import { Decimal, InvalidOrderTransition, Order, Trade, ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import {
  AccountCache,
  BotCache,
  isTickerStale,
  OrdersCache,
  StoreLookupCache,
  TickCache,
  type Ticker,
  TradesCache,
} from "../../src/index.js";
import type { ContextFactory } from "./store-contract.js";

/** The caches' contract: the same results and expiry on every store. */
export function cachesContract(fresh: ContextFactory): void {
  describe("TickCache", () => {
    it("stores a batch, reads tickers back exactly with exchange and cache times", async () => {
      const cache = new TickCache(await fresh());
      const before = Date.now();
      await cache.updateTicker("binance", [
        {
          symbol: "BTC/USDT",
          last: "43250.12345678",
          bid: "43250.1",
          ask: new Decimal("43250.2"),
          volume: 0.1,
          time: 1_700_000_000_000,
        },
        { symbol: "ETH/USDT", last: "2250.50", time: new Date(1_700_000_001_000) },
      ]);
      const btc = await cache.getTicker("BTC/USDT", "binance");
      expect(btc?.last.toString()).toBe("43250.12345678");
      expect(btc?.bid?.toString()).toBe("43250.1");
      expect(btc?.ask?.toString()).toBe("43250.2");
      expect(btc?.volume?.toString()).toBe("0.1");
      expect(btc?.exchangeTime.getTime()).toBe(1_700_000_000_000);
      expect(btc?.cachedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(isTickerStale(btc!, 60_000)).toBe(true);
      const all = await cache.getAllTickers("binance");
      expect([...all.keys()].sort()).toEqual(["BTC/USDT", "ETH/USDT"]);
      expect(all.get("ETH/USDT")?.last.toString()).toBe("2250.5");
      expect(all.get("ETH/USDT")?.bid).toBeNull();
      expect(await cache.getTicker("BTC/USDT", "kraken")).toBeNull();
    });

    it("setTicker overwrites, deleteTicker and deleteExchangeTickers remove", async () => {
      const cache = new TickCache(await fresh());
      await cache.setTicker("kraken", { symbol: "XRP/EUR", last: "0.5", time: Date.now() });
      await cache.setTicker("kraken", { symbol: "XRP/EUR", last: "0.51", time: Date.now() });
      await cache.setTicker("kraken", { symbol: "BCH/EUR", last: "200", time: Date.now() });
      const xrp = await cache.getTicker("XRP/EUR", "kraken");
      expect(xrp?.last.toString()).toBe("0.51");
      expect(isTickerStale(xrp!, 60_000)).toBe(false);
      await cache.deleteTicker("XRP/EUR", "kraken");
      expect(await cache.getTicker("XRP/EUR", "kraken")).toBeNull();
      expect((await cache.getAllTickers("kraken")).size).toBe(1);
      await cache.deleteExchangeTickers("kraken");
      expect((await cache.getAllTickers("kraken")).size).toBe(0);
    });

    it("rejects a float-unsafe or malformed price naming the field, writing nothing", async () => {
      const cache = new TickCache(await fresh());
      await expect(
        cache.updateTicker("binance", [
          { symbol: "A/B", last: "1", time: 0 },
          { symbol: "C/D", last: "1,5", time: 0 },
        ]),
      ).rejects.toThrow(/ticker.last/);
      expect((await cache.getAllTickers("binance")).size).toBe(0);
      await expect(cache.updateTicker("binance", { symbol: "A/B", last: Number.NaN, time: 0 })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it("delivers published batches to subscribers until the cache is disposed", async () => {
      const context = await fresh();
      const got: Ticker[][] = [];
      {
        await using reader = new TickCache(context);
        await reader.subscribeTickers("binance", (batch) => got.push(batch));
        await new TickCache(context).updateTicker("binance", [
          { symbol: "BTC/USDT", last: "1.5", time: 1 },
          { symbol: "ETH/USDT", last: "2.5", time: 2 },
        ]);
        await expect.poll(() => got.length).toBe(1);
        expect(got[0]?.map((t) => `${t.symbol}=${t.last.toString()}`)).toEqual(["BTC/USDT=1.5", "ETH/USDT=2.5"]);
      }
      await new TickCache(context).setTicker("binance", { symbol: "BTC/USDT", last: "9", time: 3 });
      await sleep(50);
      expect(got).toHaveLength(1);
    });
  });

  describe("AccountCache", () => {
    it("getPosition always answers: volume 0 when none, exact decimals otherwise", async () => {
      const cache = new AccountCache(await fresh());
      const none = await cache.getPosition("BTC/USDT", 7);
      expect(none.volume.isZero()).toBe(true);
      expect(none.updatedAt).toBeNull();
      await cache.upsertPositions(7, [
        { symbol: "BTC/USDT", volume: "-0.3", avgPrice: "43000.1", unrealizedPnl: "12.000000000000000001" },
        { symbol: "ETH/USDT", volume: "2", avgPrice: "2000" },
      ]);
      const btc = await cache.getPosition("BTC/USDT", 7);
      expect(btc.volume.toString()).toBe("-0.3");
      expect(btc.unrealizedPnl.toString()).toBe("12.000000000000000001");
      expect(btc.exId).toBe(7);
      await cache.upsertPosition(7, { symbol: "ETH/USDT", volume: "0" });
      const all = await cache.getAllPositions(7);
      expect(all.get("ETH/USDT")?.volume.isZero()).toBe(true);
      expect(all.size).toBe(2);
      expect((await cache.getAllPositions(8)).size).toBe(0);
      await cache.cleanPositions(7);
      expect((await cache.getAllPositions(7)).size).toBe(0);
    });

    it("a batch with one bad position writes nothing and names the row", async () => {
      const cache = new AccountCache(await fresh());
      const error = await cache
        .upsertPositions(1, [
          { symbol: "A", volume: "1" },
          { symbol: "B", volume: "x" },
        ])
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.row).toBe(1);
      expect((await cache.getAllPositions(1)).size).toBe(0);
    });

    it("updatePosition changes a position from its current value", async () => {
      const cache = new AccountCache(await fresh());
      await cache.updatePosition(3, "BTC/USDT", (p) => ({ symbol: p.symbol, volume: p.volume.plus("0.1") }));
      const after = await cache.updatePosition(3, "BTC/USDT", (p) => ({ symbol: p.symbol, volume: p.volume.plus("0.2") }));
      expect(after.volume.toString()).toBe("0.3");
      expect((await cache.getPosition("BTC/USDT", 3)).volume.toString()).toBe("0.3");
    });

    it("stores balances per account", async () => {
      const cache = new AccountCache(await fresh());
      expect(await cache.getAccount(1)).toBeNull();
      await cache.upsertAccount(1, { USDT: { free: "100.5", used: "0.25", total: "100.75" } });
      await cache.upsertAccount(2, { BTC: { free: "1", used: "0", total: "1" } });
      const one = await cache.getAccount(1);
      expect(one?.balances.get("USDT")?.total.toString()).toBe("100.75");
      const all = await cache.getAllAccounts();
      expect([...all.keys()].sort()).toEqual([1, 2]);
    });
  });

  describe("BotCache", () => {
    it("merges feed statuses per bot and deletes a bot whole", async () => {
      const cache = new BotCache(await fresh());
      await cache.updateBot(1, { ticker: "running" });
      await cache.updateBot(1, { candles: "starting" });
      await cache.updateBot(2, { ticker: "stopped" });
      expect(await cache.getBot(1)).toEqual({ ticker: "running", candles: "starting" });
      await cache.heartbeat(1, 60);
      expect([...(await cache.getBots()).keys()]).toEqual([1, 2]);
      await cache.deleteBot(1);
      expect(await cache.getBot(1)).toBeNull();
      expect(await cache.lastHeartbeat(1)).toBeNull();
      expect([...(await cache.getBots()).keys()]).toEqual([2]);
    });

    it("a heartbeat expires by itself when not renewed", async () => {
      const cache = new BotCache(await fresh());
      await cache.heartbeat(5, 0.2);
      expect((await cache.lastHeartbeat(5))?.getTime()).toBeLessThanOrEqual(Date.now());
      await sleep(300);
      expect(await cache.lastHeartbeat(5)).toBeNull();
    });

    it("an exchange block has one owner, is released only by it and expires", async () => {
      const cache = new BotCache(await fresh());
      expect(await cache.tryBlockExchange("binance", "bot-1", 10_000)).toBe(true);
      expect(await cache.tryBlockExchange("binance", "bot-2", 10_000)).toBe(false);
      expect(await cache.releaseExchangeBlock("binance", "bot-2")).toBe(false);
      expect(await cache.extendExchangeBlock("binance", "bot-2", 10_000)).toBe(false);
      expect((await cache.getExchangeBlock("binance"))?.owner).toBe("bot-1");
      expect(await cache.releaseExchangeBlock("binance", "bot-1")).toBe(true);
      expect(await cache.getExchangeBlock("binance")).toBeNull();
      expect(await cache.tryBlockExchange("binance", "bot-2", 200)).toBe(true);
      expect(await cache.extendExchangeBlock("binance", "bot-2", 250)).toBe(true);
      await sleep(350);
      expect(await cache.getExchangeBlock("binance")).toBeNull();
      expect(await cache.releaseExchangeBlock("binance", "bot-2")).toBe(false);
      expect(await cache.tryBlockExchange("binance", "bot-3", 1_000)).toBe(true);
    });

    it("opening-position marks are set once, cleared, and expire", async () => {
      const cache = new BotCache(await fresh());
      expect(await cache.markOpeningPosition(1, "BTC/USDT", 0.2)).toBe(true);
      expect(await cache.markOpeningPosition(1, "BTC/USDT", 0.2)).toBe(false);
      expect(await cache.isOpeningPosition(1, "BTC/USDT")).toBe(true);
      expect(await cache.isOpeningPosition(1, "ETH/USDT")).toBe(false);
      await sleep(300);
      expect(await cache.isOpeningPosition(1, "BTC/USDT")).toBe(false);
      await cache.markOpeningPosition(1, "ETH/USDT");
      await cache.clearOpeningPosition(1, "ETH/USDT");
      expect(await cache.isOpeningPosition(1, "ETH/USDT")).toBe(false);
    });
  });

  describe("OrdersCache", () => {
    it("queues new orders; an order taken and not acknowledged comes back to another consumer", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.pushNewOrder({ clientOrderId: "a", volume: "0.1" });
      await cache.pushNewOrder({ toDict: () => ({ clientOrderId: "b", volume: "0.2" }) });
      const taken = await cache.takeNewOrders("worker-1", { count: 10 });
      expect(taken.map((o) => o.order.clientOrderId)).toEqual(["a", "b"]);
      await cache.ackNewOrders([taken[0]!.id]);
      expect(await cache.pendingNewOrders()).toBe(1);
      await sleep(120);
      const again = await cache.takeNewOrders("worker-2", { reclaimIdleMs: 100 });
      expect(again.map((o) => o.order.clientOrderId)).toEqual(["b"]);
      await cache.ackNewOrders(again.map((o) => o.id));
      expect(await cache.pendingNewOrders()).toBe(0);
      expect(await cache.takeNewOrders("worker-2", { reclaimIdleMs: 0 })).toEqual([]);
    });

    it("a domain Order goes through the queue and comes back equal, decimals exact", async () => {
      const cache = new OrdersCache(await fresh());
      const order = Order.create({
        exchange: "binance",
        symbol: "BTC/USDT",
        orderType: "limit",
        side: "buy",
        volume: "0.00012345",
        price: "43250.123456789",
      });
      await cache.pushNewOrder(order);
      const [taken] = await cache.takeNewOrders("worker");
      const back = Order.fromDict(taken!.order);
      expect(back.toDict()).toEqual(order.toDict());
      expect(back.volume.toString()).toBe("0.00012345");
      await cache.ackNewOrders([taken!.id]);
    });

    it("each order expires on its own; the exchange's other orders stay", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.setOrder("binance", "1", { status: "open", data: { price: "100.5" } }, { ttlSeconds: 0.2 });
      await cache.setOrder("binance", "2", { status: "open" }, { ttlSeconds: 60 });
      await cache.setOrder("kraken", "1", { status: "filled" });
      expect((await cache.getOrders("binance")).map((o) => o.orderId).sort()).toEqual(["1", "2"]);
      expect((await cache.getOrder("binance", "1"))?.data.price).toBe("100.5");
      await sleep(300);
      expect(await cache.getOrder("binance", "1")).toBeNull();
      expect((await cache.getOrders("binance")).map((o) => o.orderId)).toEqual(["2"]);
      expect((await cache.getOrder("kraken", "1"))?.status).toBe("filled");
      await cache.deleteOrder("binance", "2");
      expect(await cache.getOrders("binance")).toEqual([]);
    });

    it("updateOrderStatus moves only from an expected status, else throws InvalidOrderTransition", async () => {
      const cache = new OrdersCache(await fresh());
      await cache.updateOrderStatus("binance", "9", "submitted", { from: [null], data: { volume: "1" } });
      const open = await cache.updateOrderStatus("binance", "9", "open", { from: ["submitted"] });
      expect(open.data.volume).toBe("1");
      await expect(cache.updateOrderStatus("binance", "9", "filled", { from: ["partially_filled"] })).rejects.toBeInstanceOf(
        InvalidOrderTransition,
      );
      expect((await cache.getOrder("binance", "9"))?.status).toBe("open");
    });

    it("refuses a float in order data", async () => {
      const cache = new OrdersCache(await fresh());
      await expect(cache.setOrder("binance", "1", { status: "open", data: { price: 0.1 } })).rejects.toThrow(/order.data.price/);
      await expect(cache.takeNewOrders("w", { count: 0 })).rejects.toBeInstanceOf(ValidationError);
      await expect(cache.takeNewOrders("w", { blockMs: 1.5 })).rejects.toThrow(/blockMs/);
    });
  });

  describe("TradesCache", () => {
    it("takes raw trades oldest first, exactly once", async () => {
      const cache = new TradesCache(await fresh());
      await cache.pushRawTrades("kraken", "BCH/EUR", [
        { exTradeId: "t1", price: "200.15", volume: "0.5", side: "buy", time: 1 },
        { exTradeId: "t2", price: "200.2", volume: "1.25", side: "sell", time: 2 },
        { price: "200.3", volume: "1", side: "buy", time: 3 },
      ]);
      const first = await cache.takeRawTrades("kraken", "BCH/EUR", 2);
      expect(first.map((t) => `${t.exTradeId}:${t.price.toString()}:${t.volume.toString()}:${t.side}`)).toEqual([
        "t1:200.15:0.5:buy",
        "t2:200.2:1.25:sell",
      ]);
      const rest = await cache.takeRawTrades("kraken", "BCH/EUR");
      expect(rest.map((t) => t.exTradeId)).toEqual([null]);
      expect(await cache.takeRawTrades("kraken", "BCH/EUR")).toEqual([]);
      expect(await cache.takeRawTrades("kraken", "XRP/EUR")).toEqual([]);
    });

    it("a bad raw trade writes nothing and names its row", async () => {
      const cache = new TradesCache(await fresh());
      const error = await cache
        .pushRawTrades("kraken", "BCH/EUR", [
          { price: "1", volume: "1", side: "buy", time: 1 },
          { price: "1", volume: "1", side: "hold" as "buy", time: 1 },
        ])
        .catch((e) => e);
      expect(error.row).toBe(1);
      expect(await cache.takeRawTrades("kraken", "BCH/EUR")).toEqual([]);
    });

    it("a domain Trade goes through a user's queue and comes back equal", async () => {
      const cache = new TradesCache(await fresh());
      const trade = Trade.create({
        exTradeId: "x-1",
        exId: 3,
        symbol: "BTC/USDT",
        side: "sell",
        volume: "0.5",
        price: "43000.01",
        fee: "-0.0001",
        time: 1_700_000_000_000,
      });
      await cache.pushUserTrades(9, [trade]);
      const [back] = await cache.takeUserTrades(9);
      expect(Trade.fromDict(back!).toDict()).toEqual(trade.toDict());
    });

    it("keeps one trade queue per user", async () => {
      const cache = new TradesCache(await fresh());
      await cache.pushUserTrades(1, [{ exTradeId: "a" }, { toDict: () => ({ exTradeId: "b" }) }]);
      await cache.pushUserTrades(2, [{ exTradeId: "c" }]);
      expect(await cache.takeUserTrades(1)).toEqual([{ exTradeId: "a" }, { exTradeId: "b" }]);
      expect(await cache.takeUserTrades(1)).toEqual([]);
      expect(await cache.takeUserTrades(2, 5)).toEqual([{ exTradeId: "c" }]);
    });
  });

  describe("LookupCache (the port @tradekit/orm caches symbol and exchange lookups through)", () => {
    it("stores JSON values with a TTL, deletes, and answers undefined when absent or expired", async () => {
      const cache = new StoreLookupCache(await fresh());
      expect(await cache.get("symbol:BTC/USDT")).toBeUndefined();
      await cache.set("symbol:BTC/USDT", { id: 1, base: "BTC", tick: "0.01" }, 86_400);
      await cache.set("exchange:binance", { id: 2 }, 0.2);
      await cache.set("nothing", null, 60);
      expect(await cache.get("symbol:BTC/USDT")).toEqual({ id: 1, base: "BTC", tick: "0.01" });
      expect(await cache.get("nothing")).toBeNull();
      await cache.delete("symbol:BTC/USDT", "never-set");
      expect(await cache.get("symbol:BTC/USDT")).toBeUndefined();
      await sleep(300);
      expect(await cache.get("exchange:binance")).toBeUndefined();
      await expect(cache.set("x", undefined, 60)).rejects.toBeInstanceOf(ValidationError);
      await expect(cache.set("x", 1, 0)).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
