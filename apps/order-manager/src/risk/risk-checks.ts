import type { RiskLimits } from "@tradekit/config";
import { Decimal, type Order } from "@tradekit/domain";
import type { KillSwitchStatus } from "./trading-state.js";

/** What the pre-trade checks look at besides the order: read by the manager, passed in whole. */
export interface RiskInputs {
  now: Date;
  killSwitch: KillSwitchStatus;
  /** The symbol on the order's exchange, or null when the catalog does not know it. */
  symbol: { minLot: Decimal } | null;
  /** The last price (null when no ticker is cached) and when the exchange quoted it. */
  ticker: { last: Decimal; exchangeTime: Date } | null;
  /** A ticker older than this refuses (it does not guess a price). */
  maxTickerAgeMs: number;
  /** Signed volume of the account's position in the order's symbol. */
  positionVolume: Decimal;
  /** Average open price of that position (0 when flat). */
  positionAvgPrice: Decimal;
  /** Symbols with an open position or working orders, other than the order's. */
  otherOpenPositions: number;
  /** Account value in the symbol's quote currency; null when no balance is known. */
  equity: Decimal | null;
  /** Realized PnL of the account today (UTC, by the clock). */
  dailyPnl: Decimal;
  /** Percentage below the peak of the account's equity curve. */
  drawdownPct: Decimal;
}

/** The outcome: every failing reason, and whether the order only shrinks its position. */
export interface RiskVerdict {
  reasons: string[];
  reduces: boolean;
}

const HUNDRED = new Decimal(100);
const pct = (d: Decimal): string => d.toDecimalPlaces(4).toString();

/** True when a signed order of `signed` volume shrinks the position `position` without flipping it. */
export function shrinksPosition(position: Decimal, signed: Decimal): boolean {
  return !position.isZero() && position.isPos() !== signed.isPos() && signed.abs().lte(position.abs());
}

/**
 * The pre-trade checks (DESIGN.md §10), their own component: pure, so every check is tested on its
 * own. The kill switch comes first; then every other check runs, so a denial names every reason.
 * An order that only shrinks a position is exempt from the checks that limit new risk.
 */
export class RiskChecks {
  constructor(readonly limits: RiskLimits) {}

  /** Every reason `order` must be refused (none = it passes). */
  check(order: Order, inputs: RiskInputs): RiskVerdict {
    const reasons: string[] = [];
    const signed = order.side === "buy" ? order.volume : order.volume.neg();
    const reduces = shrinksPosition(inputs.positionVolume, signed);
    const ks = inputs.killSwitch;
    if (ks.state === "halted") reasons.push(`kill switch is halted (${ks.reason ?? "no reason given"}): no new orders`);
    if (ks.state === "reducing_only" && !reduces)
      reasons.push(`kill switch is reducing_only (${ks.reason ?? "no reason given"}): only orders that shrink a position pass`);

    if (inputs.symbol === null) reasons.push(`unknown symbol ${order.symbol} on ${order.exchange}`);
    else if (order.volume.lt(inputs.symbol.minLot))
      reasons.push(`volume ${order.volume} is below the minimum lot ${inputs.symbol.minLot} of ${order.symbol}`);

    const price = this.#price(order, inputs, reasons);
    if (price === null || reduces) return { reasons, reduces };

    const equity = inputs.equity;
    if (equity === null || !equity.gt(0)) {
      reasons.push(`the account's equity is not known (no balance recorded): refusing to size risk against it`);
      return { reasons, reduces };
    }
    const l = this.limits;
    const notional = order.volume.times(price);
    const risk = order.stopLoss
      ? order.volume.times(price.minus(order.stopLoss).abs())
      : notional.times(l.maxPositionLossPct).div(HUNDRED);
    const riskCap = equity.times(l.maxRiskPerTradePct).div(HUNDRED);
    if (risk.gt(riskCap))
      reasons.push(
        `risk ${risk.toDecimalPlaces(8)} ${order.stopLoss ? "to the stop loss" : `(no stop loss: ${pct(l.maxPositionLossPct)} % of the notional)`} exceeds max risk per trade ${pct(l.maxRiskPerTradePct)} % of equity ${equity.toDecimalPlaces(8)} = ${riskCap.toDecimalPlaces(8)}`,
      );
    const dayLossCap = equity.minus(inputs.dailyPnl).times(l.maxDailyLossPct).div(HUNDRED);
    if (inputs.dailyPnl.isNeg() && inputs.dailyPnl.abs().gte(dayLossCap))
      reasons.push(
        `today's loss ${inputs.dailyPnl.abs().toDecimalPlaces(8)} reached max daily loss ${pct(l.maxDailyLossPct)} % (${dayLossCap.toDecimalPlaces(8)})`,
      );
    if (inputs.drawdownPct.gte(l.maxDrawdownPct))
      reasons.push(`drawdown ${pct(inputs.drawdownPct)} % from peak reached max drawdown ${pct(l.maxDrawdownPct)} %`);
    if (inputs.positionVolume.isZero() && inputs.otherOpenPositions >= l.maxPositions)
      reasons.push(`${inputs.otherOpenPositions} positions are open: max open positions is ${l.maxPositions}`);
    if (order.stopLoss && order.takeProfit) {
      const reward = order.takeProfit.minus(price).abs();
      const stop = price.minus(order.stopLoss).abs();
      const ratio = stop.isZero() ? new Decimal(0) : reward.div(stop);
      if (ratio.lt(l.minRiskReward))
        reasons.push(`risk/reward ${ratio.toDecimalPlaces(4)} is below the minimum ${l.minRiskReward}`);
    }
    const after = inputs.positionVolume.plus(signed).abs().times(price);
    if (l.maxPositionSize !== null && after.gt(l.maxPositionSize))
      reasons.push(`position size ${after.toDecimalPlaces(8)} after the order exceeds max position size ${l.maxPositionSize}`);
    if (!inputs.positionVolume.isZero() && !inputs.positionAvgPrice.isZero()) {
      const unrealized = inputs.positionVolume.times(price.minus(inputs.positionAvgPrice));
      const lossCap = equity.times(l.maxPositionLossPct).div(HUNDRED);
      if (unrealized.isNeg() && unrealized.abs().gt(lossCap))
        reasons.push(
          `the open ${order.symbol} position is losing ${unrealized.abs().toDecimalPlaces(8)}, more than max position loss ${pct(l.maxPositionLossPct)} % of equity (${lossCap.toDecimalPlaces(8)}): it may not grow`,
        );
    }
    return { reasons, reduces };
  }

  /** The price the order is judged at: the ticker, after checking it is fresh and the order's price is sane. */
  #price(order: Order, inputs: RiskInputs, reasons: string[]): Decimal | null {
    const t = inputs.ticker;
    if (t === null) {
      reasons.push(`no ticker for ${order.symbol} on ${order.exchange}: refusing rather than guessing a price`);
      return null;
    }
    const age = inputs.now.getTime() - t.exchangeTime.getTime();
    if (age > inputs.maxTickerAgeMs) {
      reasons.push(
        `the ticker of ${order.symbol} is stale (${Math.round(age / 1000)} s old, limit ${Math.round(inputs.maxTickerAgeMs / 1000)} s)`,
      );
      return null;
    }
    const ref = order.price;
    if (ref !== null) {
      const off = ref.minus(t.last).abs().div(t.last).times(HUNDRED);
      if (off.gt(this.limits.priceSanityPct))
        reasons.push(
          `price ${ref} is ${pct(off)} % from the market ${t.last}, more than the ${pct(this.limits.priceSanityPct)} % price sanity limit`,
        );
    }
    return order.orderType === "limit" || order.orderType === "stop_limit" ? (ref as Decimal) : t.last;
  }
}
