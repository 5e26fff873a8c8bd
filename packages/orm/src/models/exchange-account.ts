/**
 * A user's account at a catalog exchange; its id is the `exId` of orders, trades and balances.
 * It carries no credential, not even encrypted: the order manager reads them explicitly with
 * `db.exchanges.getCredentials(id)`.
 */
export interface ExchangeAccount {
  readonly id: number;
  readonly userId: number;
  readonly catalogExchangeId: number;
  /** The catalog exchange's name. */
  readonly exchange: string;
  /** Unique per user. */
  readonly name: string;
  readonly testnet: boolean;
  readonly active: boolean;
  /** True when an API key and secret are stored. */
  readonly hasCredentials: boolean;
  readonly createdAt: Date;
}

/** API credentials in plaintext, as given when adding an account. */
export interface ExchangeCredentialsInput {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiPassphrase?: string | null;
}

/** What adding an exchange account takes. */
export interface ExchangeAccountInput {
  readonly userId: number;
  /** Catalog exchange id or name. */
  readonly exchange: number | string;
  readonly name: string;
  /** Encrypted before they reach the database; never logged. */
  readonly credentials?: ExchangeCredentialsInput | null;
  readonly testnet?: boolean;
  readonly active?: boolean;
}

/** The fields of an account that can change (credentials through setCredentials). */
export interface ExchangeAccountChanges {
  readonly name?: string;
  readonly testnet?: boolean;
  readonly active?: boolean;
}
