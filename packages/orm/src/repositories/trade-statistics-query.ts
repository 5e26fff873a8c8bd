import { Decimal, type TradeStatistics, ValidationError } from "@tradekit/domain";
import type { SqlExecutor } from "../sql-executor.js";
import { decimalOf } from "./row-values.js";

/** Which closed trades the statistics cover. */
export interface StatisticsFilter {
  /** Only fills of the last `days` days (all when absent). */
  days?: number;
  /** Exchange account. */
  exId?: number;
  botId?: number;
}

// A closed trade is a fill that closed some open volume; its pnl is the fill's roi (fees
// included) and its fee the fee shares of the closing part. The drawdown is the largest fall of
// cumulative pnl from its running peak, the peak starting at 0, in (time, id) order.
const AGGREGATE = `
with closed as (
  select roi as pnl, total_fee as fee, time, id from trades
  where closed_volume > 0
    and ($1::numeric is null or time >= now() - make_interval(secs => ($1::numeric * 86400)::float8))
    and ($2::int is null or account_id = $2) and ($3::int is null or bot_id = $3)
), running as (
  select pnl, fee, sum(pnl) over (order by time, id rows unbounded preceding) as cum, time, id from closed
), peaks as (
  select pnl, fee, greatest(0, max(cum) over (order by time, id rows unbounded preceding)) - cum as drawdown from running
)
select count(*)::int as total,
  count(*) filter (where pnl > 0)::int as winning,
  count(*) filter (where pnl < 0)::int as losing,
  coalesce(sum(pnl) filter (where pnl > 0), 0) as gross_profit,
  coalesce(-sum(pnl) filter (where pnl < 0), 0) as gross_loss,
  coalesce(sum(pnl), 0) as net_pnl,
  coalesce(sum(fee), 0) as total_fees,
  coalesce(max(pnl) filter (where pnl > 0), 0) as largest_win,
  coalesce(-min(pnl) filter (where pnl < 0), 0) as largest_loss,
  coalesce(max(drawdown), 0) as max_drawdown
from peaks`;

/** Aggregates closed trades in SQL (one pass with window functions) into the domain TradeStatistics. */
export async function queryTradeStatistics(sql: SqlExecutor, filter: StatisticsFilter): Promise<TradeStatistics> {
  if (filter.days !== undefined && !(Number.isFinite(filter.days) && filter.days > 0)) {
    throw ValidationError.invalid("days", filter.days, "a number of days > 0");
  }
  const [row] = await sql.execute(AGGREGATE, [
    filter.days === undefined ? null : String(filter.days),
    filter.exId ?? null,
    filter.botId ?? null,
  ]);
  const r = row as Record<string, unknown>;
  const total = Number(r.total);
  const winning = Number(r.winning);
  const losing = Number(r.losing);
  const grossProfit = decimalOf(r.gross_profit);
  const grossLoss = decimalOf(r.gross_loss);
  const netPnl = decimalOf(r.net_pnl);
  const zero = new Decimal(0);
  // Ratios in Decimal, as the domain computes them, so both agree to the last digit.
  return {
    totalTrades: total,
    winningTrades: winning,
    losingTrades: losing,
    winRate: total === 0 ? zero : new Decimal(winning).div(total).mul(100),
    grossProfit,
    grossLoss,
    netPnl,
    totalFees: decimalOf(r.total_fees),
    averageWin: winning === 0 ? zero : grossProfit.div(winning),
    averageLoss: losing === 0 ? zero : grossLoss.div(losing),
    largestWin: decimalOf(r.largest_win),
    largestLoss: decimalOf(r.largest_loss),
    profitFactor: grossLoss.isZero() ? null : grossProfit.div(grossLoss),
    expectancy: total === 0 ? zero : netPnl.div(total),
    maxDrawdown: decimalOf(r.max_drawdown),
  };
}
