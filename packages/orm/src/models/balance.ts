import type { Decimal, DecimalInput } from "@tradekit/domain";

/** The balance of one currency on one exchange account. */
export interface Balance {
  readonly accountId: number;
  readonly currency: string;
  readonly free: Decimal;
  readonly locked: Decimal;
  readonly total: Decimal;
  /** When this value was reported (balances) or recorded (history). */
  readonly time: Date;
}

/** A balance as reported by the venue. */
export interface BalanceInput {
  readonly accountId: number;
  readonly currency: string;
  /** >= 0. */
  readonly free: DecimalInput;
  /** >= 0. */
  readonly locked: DecimalInput;
  /** >= 0; default free + locked. */
  readonly total?: DecimalInput;
  /** Default now. */
  readonly time?: Date;
}
