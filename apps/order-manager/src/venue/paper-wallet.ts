import { Decimal, type DecimalInput, toDecimal, ValidationError } from "@tradekit/domain";
import type { VenueBalance, VenueFill, VenuePosition } from "./execution-venue.js";

/** "BTC/USDT" -> ["BTC", "USDT"]. */
export function splitSymbol(symbol: string): [string, string] {
  const parts = symbol.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw ValidationError.invalid("symbol", symbol, 'a spot market written BASE/QUOTE, such as "BTC/USDT"');
  return [parts[0], parts[1]];
}

/** The paper account's wallet: the initial balances plus every fill the venue made, nothing else. */
export class PaperWallet {
  readonly #totals = new Map<string, Decimal>();
  readonly #positions = new Map<string, Decimal>();

  constructor(initial: Readonly<Record<string, DecimalInput>>) {
    for (const [currency, amount] of Object.entries(initial))
      this.#totals.set(currency, toDecimal(amount, `balance ${currency}`));
  }

  /** Applies one fill: base in or out, quote out or in, the fee off the fee currency. */
  apply(fill: VenueFill): void {
    const [base, quote] = splitSymbol(fill.symbol);
    const cost = fill.volume.times(fill.price);
    const sign = fill.side === "buy" ? 1 : -1;
    this.#add(base, fill.volume.times(sign));
    this.#add(quote, cost.times(-sign));
    this.#add(fill.feeCurrency, fill.fee.neg());
    const position = (this.#positions.get(fill.symbol) ?? new Decimal(0)).plus(fill.volume.times(sign));
    this.#positions.set(fill.symbol, position);
  }

  /** What the account holds of `currency`. */
  total(currency: string): Decimal {
    return this.#totals.get(currency) ?? new Decimal(0);
  }

  balances(): VenueBalance[] {
    return [...this.#totals]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([currency, total]) => ({ currency, free: total, locked: new Decimal(0), total }));
  }

  /** Net volume bought minus sold per symbol, where not flat. */
  positions(): VenuePosition[] {
    return [...this.#positions]
      .filter(([, v]) => !v.isZero())
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([symbol, volume]) => ({ symbol, volume }));
  }

  #add(currency: string, amount: Decimal): void {
    this.#totals.set(currency, this.total(currency).plus(amount));
  }
}
