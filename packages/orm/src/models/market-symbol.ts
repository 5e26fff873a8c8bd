import type { Decimal, DecimalInput } from "@tradekit/domain";

/** The precision rules an order on a symbol must respect. */
export interface SymbolDecimals {
  /** Decimal places of a price. */
  readonly pricePrecision: number;
  /** Decimal places of a volume. */
  readonly volumePrecision: number;
  /** Smallest price increment. */
  readonly tickSize: Decimal;
  /** Smallest volume an order may have. */
  readonly minLot: Decimal;
}

/** A tradable market of a catalog exchange ("BTC/USDT" on binance). */
export interface MarketSymbol extends SymbolDecimals {
  readonly id: number;
  readonly catalogExchangeId: number;
  /** The catalog exchange's name. */
  readonly exchange: string;
  /** Unique per exchange. */
  readonly symbol: string;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  readonly active: boolean;
}

/** What creating a symbol takes. */
export interface MarketSymbolInput {
  /** Catalog exchange id or name. */
  readonly exchange: number | string;
  readonly symbol: string;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  /** Whole number >= 0. */
  readonly pricePrecision: number;
  /** Whole number >= 0. */
  readonly volumePrecision: number;
  /** > 0. */
  readonly tickSize: DecimalInput;
  /** > 0. */
  readonly minLot: DecimalInput;
  readonly active?: boolean;
}

/** The fields of a symbol that can change (not its exchange). */
export type MarketSymbolChanges = Partial<Omit<MarketSymbolInput, "exchange">>;
