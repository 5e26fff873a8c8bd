import { maskUrl, REDACTED } from "./secret.js";
import type { TradekitConfig } from "./tradekit-config.js";

const url = (u: string | null): string | null => (u === null ? null : maskUrl(u));

/** A printable copy of `c`: the key shown as "[redacted]", URL passwords as "***", decimals as strings. */
export function redactConfig(c: TradekitConfig): Record<string, unknown> {
  const r = c.risk;
  return {
    appMode: c.appMode,
    logLevel: c.logLevel,
    tradingDatabaseUrl: url(c.tradingDatabaseUrl),
    ohlcvDatabaseUrl: url(c.ohlcvDatabaseUrl),
    redisUrl: url(c.redisUrl),
    database: { ...c.database },
    ohlcv: { ...c.ohlcv },
    redis: { ...c.redis },
    credentialsKey: c.credentialsKey === null ? null : REDACTED,
    risk: {
      maxRiskPerTradePct: r.maxRiskPerTradePct.toString(),
      maxDailyLossPct: r.maxDailyLossPct.toString(),
      maxDrawdownPct: r.maxDrawdownPct.toString(),
      maxPositions: r.maxPositions,
      minRiskReward: r.minRiskReward.toString(),
      maxPositionSize: r.maxPositionSize === null ? null : r.maxPositionSize.toString(),
      priceSanityPct: r.priceSanityPct.toString(),
      maxPositionLossPct: r.maxPositionLossPct.toString(),
    },
  };
}
