import { type Decimal, type DecimalInput, toDecimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import { add, cmp, Fixed, fromDecimal, neg, toDecimal as publish, quotient, sub, ZERO } from "./fixed.js";

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
  let profit: Fixed = ZERO;
  let loss: Fixed = ZERO;
  let fees: Fixed = ZERO;
  let largestWin: Fixed = ZERO;
  let largestLoss: Fixed = ZERO;
  let cumulative: Fixed = ZERO;
  let peak: Fixed = ZERO;
  let drawdown: Fixed = ZERO;
  for (const trade of trades) {
    if (typeof trade !== "object" || trade === null)
      throw ValidationError.invalid(`trades[${total}]`, trade, "an object with pnl");
    const pnl = fromDecimal(toDecimal(trade.pnl, `trades[${total}].pnl`));
    if (trade.fee !== undefined && trade.fee !== null)
      fees = add(fees, fromDecimal(toDecimal(trade.fee, `trades[${total}].fee`)));
    total++;
    if (pnl.m > 0n) {
      wins++;
      profit = add(profit, pnl);
      if (cmp(pnl, largestWin) > 0) largestWin = pnl;
    } else if (pnl.m < 0n) {
      losses++;
      loss = sub(loss, pnl);
      if (cmp(neg(pnl), largestLoss) > 0) largestLoss = neg(pnl);
    }
    cumulative = add(cumulative, pnl);
    if (cmp(cumulative, peak) > 0) peak = cumulative;
    const fall = sub(peak, cumulative);
    if (cmp(fall, drawdown) > 0) drawdown = fall;
  }
  const net = sub(profit, loss);
  const count = (n: number) => new Fixed(BigInt(n), 0);
  const ratio = (a: Fixed, n: number) => (n === 0 ? ZERO : quotient(a, count(n)));
  return {
    totalTrades: total,
    winningTrades: wins,
    losingTrades: losses,
    winRate: publish(ratio(count(wins * 100), total)),
    grossProfit: publish(profit),
    grossLoss: publish(loss),
    netPnl: publish(net),
    totalFees: publish(fees),
    averageWin: publish(ratio(profit, wins)),
    averageLoss: publish(ratio(loss, losses)),
    largestWin: publish(largestWin),
    largestLoss: publish(largestLoss),
    profitFactor: loss.m === 0n ? null : publish(quotient(profit, loss)),
    expectancy: publish(ratio(net, total)),
    maxDrawdown: publish(drawdown),
  };
}
