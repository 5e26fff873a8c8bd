import { Decimal } from "@tradekit/domain";
import type { RunReport } from "./run-report.js";

const plain = (value: unknown): unknown => {
  if (value instanceof Decimal) return value.toFixed();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
};

/** The report as JSON-safe data: exact decimals as strings, times as ISO 8601; the chart series left out. */
export function reportJson(r: RunReport): Record<string, unknown> {
  const { chart, marks, ...rest } = r;
  return { ...(plain(rest) as Record<string, unknown>), chart: { timeframe: chart.timeframe, bars: chart.bars.length } };
}
