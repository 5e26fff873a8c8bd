import type { CandleDict } from "@tradekit/domain";
import { SMA } from "trading-signals";
import {
  builtinStrategies,
  catalogEntryOf,
  defineStrategy,
  type OrderUpdate,
  param,
  type StrategyFill,
  type StrategyRegistry,
} from "../../src/index.js";

/** What a probe strategy saw, by bot strategy id. */
export interface ProbeRecord {
  candles: { time: number; feed: number; ready: boolean; sma: number | null; history: number; bar: CandleDict }[];
  ticks: number;
  updates: OrderUpdate[];
  fills: StrategyFill[];
  cleanedUp: boolean;
}

export const records = new Map<number, ProbeRecord>();

const recordOf = (id: number): ProbeRecord => {
  let r = records.get(id);
  if (!r) {
    r = { candles: [], ticks: 0, updates: [], fills: [], cleanedUp: false };
    records.set(id, r);
  }
  return r;
};

/** Records what it sees (an SMA registered with the runner); with `buyAt`/`closeAt` it trades on those candle numbers. */
export const probe = defineStrategy({
  name: "test-probe",
  description: "records what the runner hands it; buys and closes on given candles",
  params: {
    period: param.integer({ default: 5, min: 1, description: "SMA period" }),
    buyAt: param.integer({ default: -1, description: "buy on this live candle (0 = first); -1 never" }),
    closeAt: param.integer({ default: -1, description: "close on this live candle; -1 never" }),
    quoteAmount: param.decimal({ default: "1000", gt: 0, description: "quote spent" }),
  },
  create(p) {
    let sma: SMA;
    let n = 0;
    return {
      init(ctx) {
        sma = ctx.indicator(new SMA(p.period));
      },
      onCandle(candle, ctx) {
        recordOf(ctx.botStrategyId).candles.push({
          time: candle.candle.time.getTime(),
          feed: candle.feed,
          ready: ctx.indicatorsReady,
          sma: sma.getResult(),
          history: ctx.feed.history.length,
          bar: candle.candle.toDict(),
        });
        if (n === p.buyAt) ctx.buy({ signal: "probe-buy", quoteAmount: p.quoteAmount, stopLossPct: "1", takeProfitPct: "3" });
        if (n === p.closeAt) ctx.close({ signal: "probe-close" });
        n++;
      },
      onTick(_t, ctx) {
        recordOf(ctx.botStrategyId).ticks++;
      },
      onOrderUpdate(update, ctx) {
        recordOf(ctx.botStrategyId).updates.push(update);
      },
      onTrade(fill, ctx) {
        recordOf(ctx.botStrategyId).fills.push(fill);
      },
      cleanup(ctx) {
        recordOf(ctx.botStrategyId).cleanedUp = true;
      },
    };
  },
});

/** Throws from `handler` on its `after`-th call (0 = the first). */
export const explodes = defineStrategy({
  name: "test-explodes",
  description: "a strategy with a bug",
  params: {
    handler: param.choice(["init", "onCandle", "onTick"], { default: "onCandle", description: "where it throws" }),
    after: param.integer({ default: 0, min: 0, description: "calls before it throws" }),
  },
  create(p) {
    let calls = 0;
    const maybeThrow = (where: string) => {
      if (where === p.handler && calls++ >= p.after) throw new Error(`boom in ${where}`);
    };
    return {
      init: () => maybeThrow("init"),
      onCandle: () => maybeThrow("onCandle"),
      onTick: () => maybeThrow("onTick"),
      cleanup(ctx) {
        recordOf(ctx.botStrategyId).cleanedUp = true;
      },
    };
  },
});

/** The built-in strategies plus the test ones. */
export function testRegistry(): StrategyRegistry {
  return builtinStrategies().register(probe).register(explodes);
}

/** The catalog entries of the test strategies. */
export const TEST_CATALOG = [probe, explodes].map(catalogEntryOf);
