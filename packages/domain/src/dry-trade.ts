import type { Decimal } from "./decimal.js";
import { ValidationError } from "./errors.js";
import {
  FILL_KEYS,
  type FillDict,
  type FillFields,
  type FillInput,
  fillFieldsToDict,
  optionalInt,
  optionalText,
  readFillFields,
  rejectUnknownKeys,
  requiredInt,
} from "./fill-fields.js";
import type { OrderSide, OrderType } from "./order-types.js";
import { type TradeResult, toTradeResult } from "./trade-result.js";

/** What `DryTrade.create` accepts: a simulated fill of a bot. */
export interface DryTradeInput extends FillInput {
  botId: number;
  exTradeId?: string | null;
  exId?: number | null;
  /** Why the bot traded (signal name, stop-loss, ...). */
  reason?: string | null;
  /** True when the fill closes the bot's position. Default false. */
  closingTrade?: boolean;
}

/** A DryTrade as JSON-safe data. */
export interface DryTradeDict extends FillDict {
  botId: number;
  exTradeId: string | null;
  exId: number | null;
  reason: string | null;
  closingTrade: boolean;
}

interface DryTradeFields extends FillFields {
  botId: number;
  exTradeId: string | null;
  exId: number | null;
  reason: string | null;
  closingTrade: boolean;
}

const KEYS = [...FILL_KEYS, "botId", "exTradeId", "exId", "reason", "closingTrade"] as const;

/** A paper-trading fill of a bot: the fields of a Trade plus botId, reason and closingTrade. */
export class DryTrade implements DryTradeFields {
  readonly id!: number | null;
  readonly botId!: number;
  readonly exTradeId!: string | null;
  readonly exOrderId!: string | null;
  readonly uid!: number | null;
  readonly exId!: number | null;
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
  readonly reason!: string | null;
  readonly closingTrade!: boolean;
  readonly result!: TradeResult | null;

  private constructor(fields: DryTradeFields) {
    Object.assign(this, fields);
    Object.freeze(this);
  }

  /** Validates `input` by the Trade rules plus a bot id and a boolean closingTrade. */
  static create(input: DryTradeInput): DryTrade {
    const fields = readFillFields(input);
    const closingTrade = input.closingTrade ?? false;
    if (typeof closingTrade !== "boolean") throw ValidationError.invalid("closingTrade", closingTrade, "true or false");
    return new DryTrade({
      ...fields,
      botId: requiredInt(input.botId, "botId"),
      exTradeId: optionalText(input.exTradeId, "exTradeId"),
      exId: optionalInt(input.exId, "exId"),
      reason: optionalText(input.reason, "reason"),
      closingTrade,
    });
  }

  /** The volume signed by side: > 0 for a buy, < 0 for a sell (what Position.addTrade takes). */
  get signedVolume(): Decimal {
    return this.side === "buy" ? this.volume : this.volume.neg();
  }

  /** A copy with the derived roi/cur* fields set. */
  withResult(result: TradeResult): DryTrade {
    return new DryTrade({ ...this, result: toTradeResult(result) });
  }

  /** JSON-safe form: decimals as exact strings, time as ISO 8601. */
  toDict(): DryTradeDict {
    return {
      ...fillFieldsToDict(this),
      botId: this.botId,
      exTradeId: this.exTradeId,
      exId: this.exId,
      reason: this.reason,
      closingTrade: this.closingTrade,
    };
  }

  /** Reads what toDict wrote; unknown keys are refused by name. */
  static fromDict(dict: Record<string, unknown>): DryTrade {
    const record = rejectUnknownKeys(dict, KEYS, "dry trade");
    return DryTrade.create(record as unknown as DryTradeInput);
  }
}
