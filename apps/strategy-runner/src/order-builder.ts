import { Decimal, type DecimalInput, Order, type OrderSide, toPositiveDecimal, ValidationError } from "@tradekit/domain";
import type { MarketSymbol } from "@tradekit/orm";
import type { OrderRequestOptions } from "./strategy.js";

/** Who sends a request and when: the fields of the new-orders stream that do not come from the strategy. */
export interface RequestOrigin {
  botId: number;
  exId: number | null;
  /** The exchange the order goes to (the bot's account's, or the feed's for a dry-run bot). */
  exchange: string;
  clientOrderId: string;
  /** The signal time. */
  createdAt: Date;
}

const HUNDRED = new Decimal(100);

/** `value` on the symbol's tick grid, rounded up or down. */
function onTick(value: Decimal, market: MarketSymbol, up: boolean): Decimal {
  const steps = value.div(market.tickSize).toDecimalPlaces(0, up ? Decimal.ROUND_CEIL : Decimal.ROUND_FLOOR);
  return steps.times(market.tickSize).toDecimalPlaces(market.pricePrecision, up ? Decimal.ROUND_CEIL : Decimal.ROUND_FLOOR);
}

/** A volume cut to the symbol's precision; below the minimum lot is a ValidationError. */
export function sizeVolume(volume: Decimal, market: MarketSymbol, how: string): Decimal {
  const cut = volume.toDecimalPlaces(market.volumePrecision, Decimal.ROUND_DOWN);
  if (cut.lt(market.minLot))
    throw ValidationError.invalid(
      "volume",
      volume.toString(),
      `at least the minimum lot ${market.minLot} of ${market.symbol} (${how}); raise the amount`,
    );
  return cut;
}

const percentAway = (ref: Decimal, pct: DecimalInput, field: string, sign: 1 | -1): Decimal =>
  ref.times(HUNDRED.plus(toPositiveDecimal(pct, field).times(sign))).div(HUNDRED);

/**
 * Builds the order of a buy or sell request: sized from `volume` or `quoteAmount` at the
 * reference price, with stop and target on the tick grid. Stops round toward the price and
 * targets away from it, so rounding never makes the risk/reward worse than asked.
 */
export function buildEntryOrder(
  side: OrderSide,
  options: OrderRequestOptions,
  lastPrice: Decimal | null,
  market: MarketSymbol,
  origin: RequestOrigin,
): Order {
  const limit =
    options.limitPrice === undefined
      ? null
      : onTick(toPositiveDecimal(options.limitPrice, "limitPrice"), market, side === "sell");
  const reference = limit ?? lastPrice;
  if (reference === null)
    throw new ValidationError(`cannot ${side} ${market.symbol} before the runner has seen a price; wait for a tick or a candle`, {
      field: "price",
    });
  let volume: Decimal;
  if (options.volume !== undefined) volume = sizeVolume(toPositiveDecimal(options.volume, "volume"), market, "volume given");
  else if (options.quoteAmount !== undefined) {
    const quote = toPositiveDecimal(options.quoteAmount, "quoteAmount");
    volume = sizeVolume(quote.div(reference), market, `${quote} at ${reference}`);
  } else throw ValidationError.invalid("volume", undefined, "given, or quoteAmount given, for a buy or sell request");
  const buy = side === "buy";
  const stopLoss =
    options.stopLoss !== undefined
      ? toPositiveDecimal(options.stopLoss, "stopLoss")
      : options.stopLossPct !== undefined
        ? percentAway(reference, options.stopLossPct, "stopLossPct", buy ? -1 : 1)
        : null;
  const takeProfit =
    options.takeProfit !== undefined
      ? toPositiveDecimal(options.takeProfit, "takeProfit")
      : options.takeProfitPct !== undefined
        ? percentAway(reference, options.takeProfitPct, "takeProfitPct", buy ? 1 : -1)
        : null;
  return Order.create({
    ...origin,
    symbol: market.symbol,
    orderType: limit === null ? "market" : "limit",
    side,
    volume,
    price: reference,
    stopLoss: stopLoss === null ? null : onTick(stopLoss, market, buy),
    takeProfit: takeProfit === null ? null : onTick(takeProfit, market, buy),
    status: "new",
  });
}

/** Builds the exit order of `volume` (> 0) in direction `side`, at market or at a limit. */
export function buildExitOrder(
  side: OrderSide,
  volume: Decimal,
  limitPrice: DecimalInput | undefined,
  lastPrice: Decimal | null,
  market: MarketSymbol,
  origin: RequestOrigin,
): Order {
  const limit = limitPrice === undefined ? null : onTick(toPositiveDecimal(limitPrice, "limitPrice"), market, side === "sell");
  return Order.create({
    ...origin,
    symbol: market.symbol,
    orderType: limit === null ? "market" : "limit",
    side,
    volume: volume.toDecimalPlaces(market.volumePrecision, Decimal.ROUND_DOWN),
    price: limit ?? lastPrice,
    status: "new",
  });
}
