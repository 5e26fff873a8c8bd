import { RSI } from "trading-signals";
import { defineStrategy } from "../strategy-definition.js";
import { invalidParam, param } from "../strategy-params.js";
import { ProtectiveExits } from "./protective-exits.js";

// The RSI's averages are Wilder-smoothed from their first values; four periods bring the seed's
// weight to a few percent, which is where the RSI's levels start to mean what they say.
const WARMUP_PERIODS = 4;

/** RSI mean reversion: buys when RSI falls to the oversold level, closes when it reaches the overbought level. */
export const rsiMeanReversion = defineStrategy({
  name: "rsi-mean-reversion",
  description:
    "RSI mean reversion: buys when RSI falls to the oversold level, closes when it rises to the overbought level, at the stop or at the target.",
  params: {
    period: param.integer({ default: 14, min: 2, max: 10_000, description: "candles in the RSI" }),
    oversold: param.number({ default: 30, min: 0, max: 100, description: "RSI at or below which it buys" }),
    overbought: param.number({ default: 70, min: 0, max: 100, description: "RSI at or above which it closes" }),
    stopLossPct: param.decimal({ default: "2", gt: 0, lt: 100, description: "stop below the entry, in percent" }),
    takeProfitPct: param.decimal({ default: "5", gt: 0, description: "target above the entry, in percent" }),
    quoteAmount: param.decimal({ default: "1000", gt: 0, description: "quote currency spent per entry" }),
    manageExits: param.boolean({
      default: true,
      description: "close at the stop or the target on ticks (false when the order manager triggers them)",
    }),
  },
  validate(p) {
    if (p.oversold >= p.overbought) throw invalidParam("oversold", String(p.oversold), `less than overbought (${p.overbought})`);
  },
  create(p) {
    const exits = new ProtectiveExits();
    let rsi: RSI;
    return {
      init(ctx) {
        rsi = ctx.indicator(new RSI(p.period), { warmup: WARMUP_PERIODS * (p.period + 1) });
      },
      onCandle(candle, ctx) {
        if (candle.feed !== 0 || !ctx.indicatorsReady) return;
        const value = rsi.getResult() as number;
        if (value <= p.oversold && !ctx.position.isOpen && ctx.openOrders.length === 0) {
          ctx.buy({
            signal: "oversold",
            quoteAmount: p.quoteAmount,
            stopLossPct: p.stopLossPct,
            takeProfitPct: p.takeProfitPct,
          });
        } else if (value >= p.overbought && ctx.position.isLong) {
          ctx.close({ signal: "overbought" });
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
