import { inspect } from "node:util";

const HIDDEN = "[hidden]";

/**
 * Decrypted API credentials for the order manager. The plaintext is readable as properties but
 * JSON, String() and util.inspect (and so pino and console.log) show a mask.
 */
export class ExchangeCredentials {
  constructor(
    readonly accountId: number,
    readonly apiKey: string,
    readonly apiSecret: string,
    readonly apiPassphrase: string | null,
  ) {
    Object.freeze(this);
  }

  toJSON(): Record<string, unknown> {
    return {
      accountId: this.accountId,
      apiKey: HIDDEN,
      apiSecret: HIDDEN,
      apiPassphrase: this.apiPassphrase === null ? null : HIDDEN,
    };
  }

  toString(): string {
    return `ExchangeCredentials(account ${this.accountId}, ${HIDDEN})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
