import { Decimal, type DecimalInput, toDecimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { publish, ratio, WIDE_ZERO, type Wide, wide } from "./wide.js";

/** One closed trade's PnL (fees already deducted, as Position reports roi) and optionally its fees. */
export interface ClosedTradePnl {
  pnl: DecimalInput;
  fee?: DecimalInput | null;
}

/** Summary of closed trades; money fields exact, ratios to 40 significant digits. */
export interface TradeStatistics {
  totalTrades: number;
  winningTrades: number;
  losingTrades: number;
  /** Percent (0..100) of totalTrades that won; 0 when there are none. */
  winRate: Decimal;
  /** Sum of the positive PnLs. */
  grossProfit: Decimal;
  /** Magnitude of the sum of the negative PnLs. */
  grossLoss: Decimal;
  netPnl: Decimal;
  totalFees: Decimal;
  /** grossProfit / winningTrades; 0 when none won. */
  averageWin: Decimal;
  /** grossLoss / losingTrades (a magnitude); 0 when none lost. */
  averageLoss: Decimal;
  largestWin: Decimal;
  /** Magnitude of the worst loss; 0 when none lost. */
  largestLoss: Decimal;
  /** grossProfit / grossLoss; null when nothing was lost. */
  profitFactor: Decimal | null;
  /** netPnl / totalTrades; 0 when there are none. */
  expectancy: Decimal;
  /** Largest fall of the cumulative PnL from its running peak (the peak starts at 0); >= 0. */
  maxDrawdown: Decimal;
}

/** Statistics of closed trades given in time order. A trade with pnl 0 counts in totalTrades only. */
export function computeTradeStatistics(trades: Iterable<ClosedTradePnl>): TradeStatistics {
  let total = 0;
  let wins = 0;
  let losses = 0;
  let profit: Wide = WIDE_ZERO;
  let loss: Wide = WIDE_ZERO;
  let fees: Wide = WIDE_ZERO;
  let largestWin: Wide = WIDE_ZERO;
  let largestLoss: Wide = WIDE_ZERO;
  let cumulative: Wide = WIDE_ZERO;
  let peak: Wide = WIDE_ZERO;
  let drawdown: Wide = WIDE_ZERO;
  for (const trade of trades) {
    if (typeof trade !== "object" || trade === null)
      throw ValidationError.invalid(`trades[${total}]`, trade, "an object with pnl");
    const pnl = wide(toDecimal(trade.pnl, `trades[${total}].pnl`));
    if (trade.fee !== undefined && trade.fee !== null) fees = fees.plus(toDecimal(trade.fee, `trades[${total}].fee`));
    total++;
    if (pnl.isPos() && !pnl.isZero()) {
      wins++;
      profit = profit.plus(pnl);
      if (pnl.gt(largestWin)) largestWin = pnl;
    } else if (pnl.isNeg() && !pnl.isZero()) {
      losses++;
      loss = loss.minus(pnl);
      if (pnl.neg().gt(largestLoss)) largestLoss = pnl.neg();
    }
    cumulative = cumulative.plus(pnl);
    if (cumulative.gt(peak)) peak = cumulative;
    const fall = peak.minus(cumulative);
    if (fall.gt(drawdown)) drawdown = fall;
  }
  const net = profit.minus(loss);
  return {
    totalTrades: total,
    winningTrades: wins,
    losingTrades: losses,
    winRate: ratio(new Decimal(wins * 100), new Decimal(total)),
    grossProfit: publish(profit),
    grossLoss: publish(loss),
    netPnl: publish(net),
    totalFees: publish(fees),
    averageWin: ratio(profit, new Decimal(wins)),
    averageLoss: ratio(loss, new Decimal(losses)),
    largestWin: publish(largestWin),
    largestLoss: publish(largestLoss),
    profitFactor: loss.isZero() ? null : ratio(profit, loss),
    expectancy: ratio(net, new Decimal(total)),
    maxDrawdown: publish(drawdown),
  };
}
