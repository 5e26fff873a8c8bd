import type { CatalogStrategyInput } from "@tradekit/orm";

/**
 * The strategies this runner can run, as `tradekit-setup init` installs them in the strategy
 * catalog. A bot strategy names one of these and stores its params (validated when the bot loads).
 */
export const STRATEGY_CATALOG: readonly CatalogStrategyInput[] = [
  {
    name: "ma-cross",
    module: "@tradekit/strategy-runner#ma-cross",
    description: "Moving-average cross: buys when the fast average crosses above the slow one, closes when it crosses back.",
    params: [
      { name: "fastPeriod", defaultValue: "10", description: "candles in the fast average" },
      { name: "slowPeriod", defaultValue: "30", description: "candles in the slow average" },
      { name: "average", defaultValue: "ema", description: "ema or sma" },
      { name: "stopLossPct", defaultValue: "1.5", description: "stop below the entry, in percent" },
      { name: "takeProfitPct", defaultValue: "3", description: "target above the entry, in percent" },
      { name: "quoteAmount", defaultValue: "1000", description: "quote currency spent per entry" },
    ],
  },
  {
    name: "rsi-mean-reversion",
    module: "@tradekit/strategy-runner#rsi-mean-reversion",
    description:
      "RSI mean reversion: buys when RSI falls below the oversold level, closes when it rises above the overbought level.",
    params: [
      { name: "period", defaultValue: "14", description: "candles in the RSI" },
      { name: "oversold", defaultValue: "30", description: "RSI at or below which it buys" },
      { name: "overbought", defaultValue: "70", description: "RSI at or above which it closes" },
      { name: "stopLossPct", defaultValue: "2", description: "stop below the entry, in percent" },
      { name: "takeProfitPct", defaultValue: "4", description: "target above the entry, in percent" },
      { name: "quoteAmount", defaultValue: "1000", description: "quote currency spent per entry" },
    ],
  },
];
