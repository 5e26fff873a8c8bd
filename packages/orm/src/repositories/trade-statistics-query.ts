import { Decimal, type TradeStatistics, ValidationError } from "@tradekit/domain";
import type { TradekitKysely } from "../typed-kysely.js";

/** Which closed trades the statistics cover. */
export interface StatisticsFilter {
  /** Only fills of the last `days` days (all when absent). */
  days?: number;
  /** Exchange account. */
  exId?: number;
  botId?: number;
}

const ZERO = new Decimal(0);
const decimalOr0 = (value: unknown): Decimal => (value === null || value === undefined ? ZERO : new Decimal(String(value)));

/**
 * Aggregates closed trades in SQL (one pass with window functions) into the domain TradeStatistics.
 * A closed trade is a fill that closed some open volume; its pnl is the fill's roi (fees included)
 * and its fee the fee shares of the closing part. The drawdown is the largest fall of cumulative
 * pnl from its running peak, the peak starting at 0, in (time, id) order.
 */
export async function queryTradeStatistics(db: TradekitKysely, filter: StatisticsFilter): Promise<TradeStatistics> {
  if (filter.days !== undefined && !(Number.isFinite(filter.days) && filter.days > 0)) {
    throw ValidationError.invalid("days", filter.days, "a number of days > 0");
  }
  const since = filter.days === undefined ? null : new Date(Date.now() - filter.days * 86_400_000);
  const r = await db
    .with("closed", (q) =>
      q
        .selectFrom("Trade")
        .select(["roi as pnl", "totalFee as fee", "time", "id"])
        // Literal zeros: values inside a CTE are not converted by the entities' types.
        .where((eb) => eb("closedVolume", ">", eb.cast<Decimal>(eb.lit(0), "numeric")))
        .$if(since !== null, (w) => w.where("time", ">=", since as Date))
        .$if(filter.exId !== undefined, (w) => w.where("account", "=", filter.exId as number))
        .$if(filter.botId !== undefined, (w) => w.where("bot", "=", filter.botId as number)),
    )
    .with("running", (q) =>
      q.selectFrom("closed").select((eb) => [
        "pnl",
        "fee",
        // Ordered by (time, id), unique: RANGE (the default frame) is ROWS UNBOUNDED PRECEDING here.
        eb.fn
          .sum<string>("pnl")
          .over((o) => o.orderBy("time").orderBy("id"))
          .as("cum"),
        "time",
        "id",
      ]),
    )
    .with("peaks", (q) =>
      q
        .selectFrom("running")
        .select((eb) => [
          "pnl",
          "fee",
          eb(
            eb.fn("greatest", [eb.lit(0), eb.fn.max("cum").over((o) => o.orderBy("time").orderBy("id"))]),
            "-",
            eb.ref("cum"),
          ).as("drawdown"),
        ]),
    )
    .selectFrom("peaks")
    .select((eb) => [
      eb.fn.countAll<string>().as("total"),
      eb.fn
        .countAll<string>()
        .filterWhere((w) => w("pnl", ">", w.cast<Decimal>(w.lit(0), "numeric")))
        .as("winning"),
      eb.fn
        .countAll<string>()
        .filterWhere((w) => w("pnl", "<", w.cast<Decimal>(w.lit(0), "numeric")))
        .as("losing"),
      eb.fn
        .sum("pnl")
        .filterWhere((w) => w("pnl", ">", w.cast<Decimal>(w.lit(0), "numeric")))
        .as("grossProfit"),
      eb.fn
        .sum("pnl")
        .filterWhere((w) => w("pnl", "<", w.cast<Decimal>(w.lit(0), "numeric")))
        .as("grossLossNegative"),
      eb.fn.sum("pnl").as("netPnl"),
      eb.fn.sum("fee").as("totalFees"),
      eb.fn
        .max("pnl")
        .filterWhere((w) => w("pnl", ">", w.cast<Decimal>(w.lit(0), "numeric")))
        .as("largestWin"),
      eb.fn
        .min("pnl")
        .filterWhere((w) => w("pnl", "<", w.cast<Decimal>(w.lit(0), "numeric")))
        .as("largestLossNegative"),
      eb.fn.max("drawdown").as("maxDrawdown"),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(r.total);
  const winning = Number(r.winning);
  const losing = Number(r.losing);
  const grossProfit = decimalOr0(r.grossProfit);
  const grossLoss = decimalOr0(r.grossLossNegative).neg();
  const netPnl = decimalOr0(r.netPnl);
  // Ratios in Decimal, as the domain computes them, so both agree to the last digit.
  return {
    totalTrades: total,
    winningTrades: winning,
    losingTrades: losing,
    winRate: total === 0 ? ZERO : new Decimal(winning).div(total).mul(100),
    grossProfit,
    grossLoss,
    netPnl,
    totalFees: decimalOr0(r.totalFees),
    averageWin: winning === 0 ? ZERO : grossProfit.div(winning),
    averageLoss: losing === 0 ? ZERO : grossLoss.div(losing),
    largestWin: decimalOr0(r.largestWin),
    largestLoss: decimalOr0(r.largestLossNegative).neg(),
    profitFactor: grossLoss.isZero() ? null : grossProfit.div(grossLoss),
    expectancy: total === 0 ? ZERO : netPnl.div(total),
    maxDrawdown: decimalOr0(r.maxDrawdown),
  };
}
