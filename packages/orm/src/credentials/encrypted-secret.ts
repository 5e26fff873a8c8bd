import { inspect } from "node:util";

const MASK = "[encrypted]";

/**
 * An API key or secret as stored: ciphertext only. Printing, logging or serializing it shows a
 * mask; reading the plaintext takes the CredentialCipher (`db.credentials.open(secret)`).
 */
export class EncryptedSecret {
  constructor(readonly ciphertext: string) {}

  toJSON(): string {
    return MASK;
  }

  toString(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return MASK;
  }
}
