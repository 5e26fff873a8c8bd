import { inspect } from "node:util";

const HIDDEN = "[hidden]";

/**
 * Decrypted API credentials for the order manager. The plaintext is readable through its
 * properties, but they are not own enumerable ones: spreading, Object.entries, JSON, String()
 * and util.inspect (and so pino and console.log) show the account id only, or a mask.
 */
export class ExchangeCredentials {
  readonly #apiKey: string;
  readonly #apiSecret: string;
  readonly #apiPassphrase: string | null;

  constructor(
    readonly accountId: number,
    apiKey: string,
    apiSecret: string,
    apiPassphrase: string | null,
  ) {
    this.#apiKey = apiKey;
    this.#apiSecret = apiSecret;
    this.#apiPassphrase = apiPassphrase;
    Object.freeze(this);
  }

  /** The API key in plaintext. */
  get apiKey(): string {
    return this.#apiKey;
  }

  /** The API secret in plaintext. */
  get apiSecret(): string {
    return this.#apiSecret;
  }

  /** The passphrase in plaintext (some venues), or null. */
  get apiPassphrase(): string | null {
    return this.#apiPassphrase;
  }

  toJSON(): Record<string, unknown> {
    return {
      accountId: this.accountId,
      apiKey: HIDDEN,
      apiSecret: HIDDEN,
      apiPassphrase: this.#apiPassphrase === null ? null : HIDDEN,
    };
  }

  toString(): string {
    return `ExchangeCredentials(account ${this.accountId}, ${HIDDEN})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
