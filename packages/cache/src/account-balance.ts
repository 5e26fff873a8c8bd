import type { Decimal, DecimalInput } from "@tradekit/domain";
import { amountText, readDecimal } from "./codec.js";

/** One asset's balance as an account feed reports it. */
export interface BalanceInput {
  free: DecimalInput;
  used: DecimalInput;
  total: DecimalInput;
}

export interface Balance {
  asset: string;
  free: Decimal;
  used: Decimal;
  total: Decimal;
}

/** The balances of one exchange account. */
export interface Account {
  exId: number;
  balances: Map<string, Balance>;
  updatedAt: Date;
}

interface StoredAccount {
  balances: Record<string, { free: string; used: string; total: string }>;
  updatedAt: number;
}

/** The JSON stored for one account. */
export function encodeAccount(balances: Readonly<Record<string, BalanceInput>>, updatedAt: number): string {
  // amounts of either sign (a margin account may owe an asset); no prototype: an asset named __proto__ is a key like any other (JSON keeps it; JSON.parse gives it back)
  const stored: StoredAccount = { balances: Object.create(null) as StoredAccount["balances"], updatedAt };
  for (const [asset, b] of Object.entries(balances)) {
    stored.balances[asset] = {
      free: amountText(b.free, `balances.${asset}.free`),
      used: amountText(b.used, `balances.${asset}.used`),
      total: amountText(b.total, `balances.${asset}.total`),
    };
  }
  return JSON.stringify(stored);
}

/** A stored account back to its API form. */
export function decodeAccount(exId: number, text: string): Account {
  const s = JSON.parse(text) as StoredAccount;
  const balances = new Map<string, Balance>();
  for (const [asset, b] of Object.entries(s.balances)) {
    balances.set(asset, {
      asset,
      free: readDecimal(b.free, "balance.free"),
      used: readDecimal(b.used, "balance.used"),
      total: readDecimal(b.total, "balance.total"),
    });
  }
  return { exId, balances, updatedAt: new Date(s.updatedAt) };
}
