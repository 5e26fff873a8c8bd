import { EMA, SMA } from "trading-signals";
import { defineStrategy } from "../strategy-definition.js";
import { invalidParam, param } from "../strategy-params.js";
import { ProtectiveExits } from "./protective-exits.js";

// An EMA starts from its first price; after three periods that seed weighs under 0.3%, so an EMA
// counts as warm from there. An SMA is exact once it has its period.
const warmupOf = (average: "ema" | "sma", period: number): number => (average === "ema" ? 3 * period : period);

/** Moving-average cross: buys when the fast average crosses above the slow one, closes when it crosses back. */
export const maCross = defineStrategy({
  name: "ma-cross",
  description:
    "Moving-average cross: buys when the fast average crosses above the slow one, closes when it crosses back, at the stop or at the target.",
  params: {
    fastPeriod: param.integer({ default: 10, min: 1, max: 10_000, description: "candles in the fast average" }),
    slowPeriod: param.integer({ default: 30, min: 2, max: 10_000, description: "candles in the slow average" }),
    average: param.choice(["ema", "sma"], { default: "ema", description: "ema or sma" }),
    stopLossPct: param.decimal({ default: "1.5", gt: 0, lt: 100, description: "stop below the entry, in percent" }),
    takeProfitPct: param.decimal({ default: "3.5", gt: 0, description: "target above the entry, in percent" }),
    quoteAmount: param.decimal({ default: "1000", gt: 0, description: "quote currency spent per entry" }),
    manageExits: param.boolean({
      default: true,
      description: "close at the stop or the target on ticks (false when the order manager triggers them)",
    }),
  },
  validate(p) {
    if (p.fastPeriod >= p.slowPeriod)
      throw invalidParam("fastPeriod", String(p.fastPeriod), `less than slowPeriod (${p.slowPeriod})`);
  },
  create(p) {
    const Average = p.average === "ema" ? EMA : SMA;
    const exits = new ProtectiveExits();
    let fast: EMA | SMA;
    let slow: EMA | SMA;
    let wasAbove: boolean | null = null;
    return {
      init(ctx) {
        fast = ctx.indicator(new Average(p.fastPeriod), { warmup: warmupOf(p.average, p.fastPeriod) });
        slow = ctx.indicator(new Average(p.slowPeriod), { warmup: warmupOf(p.average, p.slowPeriod) });
      },
      onCandle(candle, ctx) {
        if (candle.feed !== 0 || !ctx.indicatorsReady) return;
        const above = (fast.getResult() as number) > (slow.getResult() as number);
        const crossedUp = wasAbove === false && above;
        const crossedDown = wasAbove === true && !above;
        wasAbove = above;
        if (crossedUp && !ctx.position.isOpen && ctx.openOrders.length === 0) {
          ctx.buy({
            signal: "cross-up",
            quoteAmount: p.quoteAmount,
            stopLossPct: p.stopLossPct,
            takeProfitPct: p.takeProfitPct,
          });
        } else if (crossedDown && ctx.position.isLong) {
          ctx.close({ signal: "cross-down" });
        }
      },
      onTick(ticker, ctx) {
        if (p.manageExits) exits.onTick(ticker, ctx);
      },
      onTrade(fill, ctx) {
        exits.onTrade(fill, ctx);
      },
    };
  },
});
