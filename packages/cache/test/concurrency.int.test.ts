import { InvalidOrderTransition } from "@tradekit/domain";
import { ensureRedis } from "@tradekit/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountCache, type CacheContext, KeyLayout, OrdersCache, TradesCache } from "../src/index.js";
import { RedisFixture } from "./support/redis-fixture.js";

const WRITERS = 8;
const EACH = 25;

// Many processes writing one key at once: each writer has its own connection, as a separate
// process would, and every write is a read-modify-write that must not lose another's change.
describe("concurrent writers on real Redis", () => {
  const redis = new RedisFixture("cache_concurrency");
  let writers: CacheContext[] = [];
  beforeAll(async () => {
    await ensureRedis();
    const keys = new KeyLayout(redis.prefix);
    writers = await Promise.all(Array.from({ length: WRITERS }, async () => ({ store: await redis.connect(), keys })));
  });
  afterAll(() => redis.close());

  it("many writers adding to one position end with the exact sum", async () => {
    await Promise.all(
      writers.map(async (context) => {
        const cache = new AccountCache(context);
        for (let i = 0; i < EACH; i++) {
          await cache.updatePosition(1, "BTC/USDT", (p) => ({
            symbol: p.symbol,
            volume: p.volume.plus("0.001"),
            realizedPnl: p.realizedPnl.minus("0.1"),
          }));
        }
      }),
    );
    const final = await new AccountCache(writers[0]!).getPosition(1, "BTC/USDT");
    expect(final.volume.toString()).toBe(String((WRITERS * EACH) / 1000));
    expect(final.realizedPnl.toString()).toBe(`-${(WRITERS * EACH) / 10}`);
  });

  it("many writers filling one order end with every fill counted", async () => {
    await new OrdersCache(writers[0]!).setOrder("binance", "42", { status: "open", data: { filled: "0", fills: 0 } });
    await Promise.all(
      writers.map(async (context) => {
        const cache = new OrdersCache(context);
        for (let i = 0; i < EACH; i++) {
          await cache.updateOrder("binance", "42", (o) => {
            const fills = Number(o?.data.fills) + 1;
            return {
              status: fills === WRITERS * EACH ? "filled" : "partially_filled",
              data: { fills, filled: String(fills / 100) },
            };
          });
        }
      }),
    );
    const order = await new OrdersCache(writers[0]!).getOrder("binance", "42");
    expect(order?.data.fills).toBe(WRITERS * EACH);
    expect(order?.status).toBe("filled");
  });

  it("racing status changes from the same status: exactly one wins, the others are refused", async () => {
    await new OrdersCache(writers[0]!).setOrder("binance", "43", { status: "open" });
    const outcomes = await Promise.allSettled(
      writers.map((context, i) =>
        new OrdersCache(context).updateOrderStatus("binance", "43", i % 2 === 0 ? "filled" : "canceled", {
          from: ["open"],
          data: { by: i },
        }),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(InvalidOrderTransition);
    const final = await new OrdersCache(writers[0]!).getOrder("binance", "43");
    expect(won[0]?.status === "fulfilled" && won[0].value.status).toBe(final?.status);
    expect(won[0]?.status === "fulfilled" && won[0].value.data.by).toBe(final?.data.by);
  });

  it("a feed pushing raw trades while a writer takes them loses and duplicates none", async () => {
    const [pusher, taker] = [new TradesCache(writers[0]!), new TradesCache(writers[1]!)];
    const total = 2_000;
    const taken: string[] = [];
    let pushing = true;
    const push = (async () => {
      for (let i = 0; i < total; i += 50) {
        await pusher.pushRawTrades(
          "kraken",
          "BCH/EUR",
          Array.from({ length: 50 }, (_, j) => ({
            exTradeId: String(i + j),
            price: "1",
            volume: "1",
            side: "buy" as const,
            time: i + j,
          })),
        );
      }
      pushing = false;
    })();
    while (pushing) for (const t of await taker.takeRawTrades("kraken", "BCH/EUR", 70)) taken.push(t.exTradeId!);
    await push;
    for (const t of await taker.takeRawTrades("kraken", "BCH/EUR")) taken.push(t.exTradeId!);
    expect(taken).toEqual(Array.from({ length: total }, (_, i) => String(i)));
  });
});
