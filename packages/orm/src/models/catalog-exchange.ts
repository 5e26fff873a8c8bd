/** A named setting of a catalog exchange (rate limits, endpoints, ...). */
export interface CatalogExchangeParam {
  readonly name: string;
  readonly value: string | null;
  readonly description: string | null;
}

/** An exchange tradekit knows how to talk to, installed once and shared by every user. */
export interface CatalogExchange {
  readonly id: number;
  /** Unique, e.g. "binance". */
  readonly name: string;
  readonly description: string | null;
  readonly url: string | null;
  readonly createdAt: Date;
  /** Sorted by name. */
  readonly params: readonly CatalogExchangeParam[];
}

/** What installing a catalog exchange takes. */
export interface CatalogExchangeInput {
  readonly name: string;
  readonly description?: string | null;
  readonly url?: string | null;
  readonly params?: readonly CatalogExchangeParamInput[];
}

/** A parameter of a catalog exchange as given. */
export interface CatalogExchangeParamInput {
  readonly name: string;
  readonly value?: string | null;
  readonly description?: string | null;
}

/** The fields of a catalog exchange that can change (params through setParam/removeParam). */
export type CatalogExchangeChanges = Partial<Omit<CatalogExchangeInput, "params">>;
