import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { ConfigError, ValidationError } from "@tradekit/domain";
import { EncryptedSecret } from "./encrypted-secret.js";

// The format (IV, tag, body) is the same bound or not: whether additional data was authenticated
// is for the opener to say, and a mismatch fails the tag check like any tampering.
const VERSION = "v1";

/** Where a sealed credential belongs: a ciphertext bound to it opens only there. */
export interface CredentialBinding {
  /** The exchange account's id. */
  readonly accountId: number;
  /** The column it is stored in. */
  readonly column: "api_key" | "api_secret" | "api_passphrase";
}

const additionalData = (b: CredentialBinding): Buffer =>
  Buffer.from(`tradekit:exchange_accounts:${b.accountId}:${b.column}`, "utf8");

/**
 * Seals and opens exchange API credentials with AES-256-GCM. The ciphertext carries a fresh
 * 96-bit IV and the auth tag, so a tampered or wrongly keyed value fails loudly on open. Sealed
 * with a binding (what the repositories do), the account id and column are authenticated as
 * additional data: a ciphertext copied to another account, or a key and secret swapped, fails too.
 */
export class CredentialCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) {
      throw new ConfigError([
        {
          variable: "CREDENTIALS_ENCRYPTION_KEY",
          message: `must be 32 bytes (64 hex characters or base64); got ${key.length} bytes`,
        },
      ]);
    }
    this.#key = Buffer.from(key);
  }

  /** Encrypts `plaintext` into a secret that is safe to store, print and serialize; bound to `binding` when given. */
  seal(plaintext: string, binding?: CredentialBinding): EncryptedSecret {
    if (typeof plaintext !== "string" || plaintext.length === 0) {
      throw ValidationError.invalid("credential", "<hidden>", "a non-empty string");
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    if (binding) cipher.setAAD(additionalData(binding));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return new EncryptedSecret([VERSION, iv.toString("base64"), tag.toString("base64"), body.toString("base64")].join("."));
  }

  /**
   * Decrypts a secret sealed with the same key (and the same binding, when it was sealed with
   * one); throws when the key is wrong, the value was altered, or it belongs elsewhere.
   */
  open(secret: EncryptedSecret, binding?: CredentialBinding): string {
    const [version, iv, tag, body] = secret.ciphertext.split(".");
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
      throw new ValidationError(`stored credential has an unknown format (expected ${VERSION}.iv.tag.body)`, {
        field: "credential",
      });
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64"));
      if (binding) decipher.setAAD(additionalData(binding));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
    } catch (cause) {
      const where = binding ? ` for the ${binding.column} of exchange account ${binding.accountId}` : "";
      throw new ValidationError(
        `stored credential${where} cannot be decrypted: CREDENTIALS_ENCRYPTION_KEY differs from the key it was sealed with, ` +
          "the value was altered, or it was sealed for another account or column (or without one, by an older tradekit: " +
          "store it again with db.exchanges.setCredentials)",
        { field: "credential", cause },
      );
    }
  }
}
