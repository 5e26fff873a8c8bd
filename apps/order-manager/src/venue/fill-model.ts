import { createHash } from "node:crypto";
import { Decimal, type DecimalInput, toNonNegativeDecimal } from "@tradekit/domain";

/** How the paper venue prices a fill: a fee rate and a seeded slippage. */
export interface FillModelOptions {
  /** Fee as a fraction of the fill's cost, in quote currency (default 0.001 = 0.1 %). */
  feeRate?: DecimalInput;
  /** Largest slippage of a market fill in basis points (default 0); each fill draws [0, max] from the seed. */
  maxSlippageBps?: DecimalInput;
  /** Seed of the slippage draws (default 1): the same seed and order ids give the same fills. */
  seed?: number;
}

const TEN_THOUSAND = new Decimal(10_000);
const DRAW_STEPS = 1_000_000;

/** A seeded, pluggable fill model: the same seed and trade ids always give the same prices. */
export class FillModel {
  readonly feeRate: Decimal;
  readonly maxSlippageBps: Decimal;
  readonly seed: number;

  constructor(options: FillModelOptions = {}) {
    this.feeRate = toNonNegativeDecimal(options.feeRate ?? "0.001", "feeRate");
    this.maxSlippageBps = toNonNegativeDecimal(options.maxSlippageBps ?? 0, "maxSlippageBps");
    this.seed = options.seed ?? 1;
  }

  /** A draw in [0, 1] fixed by the seed and `key` (a trade id): no state, so a restart draws the same. */
  draw(key: string): Decimal {
    const digest = createHash("sha256").update(`${this.seed}:${key}`).digest();
    return new Decimal(digest.readUInt32BE(0) % (DRAW_STEPS + 1)).div(DRAW_STEPS);
  }

  /** The price a market order pays: `reference` moved against it by the drawn slippage. */
  marketPrice(reference: Decimal, side: "buy" | "sell", tradeId: string): Decimal {
    if (this.maxSlippageBps.isZero()) return reference;
    const slip = reference.times(this.maxSlippageBps).times(this.draw(tradeId)).div(TEN_THOUSAND);
    const price = side === "buy" ? reference.plus(slip) : reference.minus(slip);
    return price.toDecimalPlaces(8);
  }

  /** The fee of a fill of `cost` (quote currency). */
  fee(cost: Decimal): Decimal {
    return cost.times(this.feeRate).toDecimalPlaces(12);
  }
}
