import type { Decimal } from "./decimal.js";
import {
  FILL_KEYS,
  type FillDict,
  type FillFields,
  type FillInput,
  fillFieldsToDict,
  readFillFields,
  rejectUnknownKeys,
  requiredInt,
  requiredText,
} from "./fill-fields.js";
import type { OrderSide, OrderType } from "./order-types.js";
import { type TradeResult, toTradeResult } from "./trade-result.js";

/** What `Trade.create` accepts: a live fill as the venue reported it. */
export interface TradeInput extends FillInput {
  /** The venue's id of this fill. */
  exTradeId: string;
  /** The exchange account it happened on. */
  exId: number;
}

/** A Trade as JSON-safe data. */
export interface TradeDict extends FillDict {
  exTradeId: string;
  exId: number;
}

const KEYS = [...FILL_KEYS, "exTradeId", "exId"] as const;

/** A live fill: validated and immutable; `result` holds what it did to its position once computed. */
export class Trade implements FillFields {
  readonly id!: number | null;
  readonly exTradeId!: string;
  readonly exOrderId!: string | null;
  readonly uid!: number | null;
  readonly exId!: number;
  readonly catExId!: number | null;
  readonly symbol!: string;
  readonly orderType!: OrderType | null;
  readonly side!: OrderSide;
  readonly volume!: Decimal;
  readonly price!: Decimal;
  readonly cost!: Decimal;
  readonly fee!: Decimal;
  readonly feeCurrency!: string | null;
  readonly leverage!: Decimal;
  readonly time!: Date;
  readonly result!: TradeResult | null;

  private constructor(fields: FillFields & { exTradeId: string; exId: number }) {
    Object.assign(this, fields);
    Object.freeze(this);
  }

  /** Validates `input`: volume > 0 (unsigned, side gives the sign), price > 0, cost > 0, leverage > 0, a valid time. */
  static create(input: TradeInput): Trade {
    const fields = readFillFields(input);
    return new Trade({ ...fields, exTradeId: requiredText(input.exTradeId, "exTradeId"), exId: requiredInt(input.exId, "exId") });
  }

  /** The volume signed by side: > 0 for a buy, < 0 for a sell (what Position.addTrade takes). */
  get signedVolume(): Decimal {
    return this.side === "buy" ? this.volume : this.volume.neg();
  }

  /** A copy with the derived roi/cur* fields set. */
  withResult(result: TradeResult): Trade {
    return new Trade({ ...this, result: toTradeResult(result) });
  }

  /** JSON-safe form: decimals as exact strings, time as ISO 8601. */
  toDict(): TradeDict {
    return { ...fillFieldsToDict(this), exTradeId: this.exTradeId, exId: this.exId };
  }

  /** Reads what toDict wrote; unknown keys are refused by name. */
  static fromDict(dict: Record<string, unknown>): Trade {
    const record = rejectUnknownKeys(dict, KEYS, "trade");
    return Trade.create(record as unknown as TradeInput);
  }
}
