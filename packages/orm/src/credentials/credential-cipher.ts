import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { ConfigError, ValidationError } from "@tradekit/domain";
import { EncryptedSecret } from "./encrypted-secret.js";

const VERSION = "v1";

/**
 * Seals and opens exchange API credentials with AES-256-GCM. The ciphertext carries a fresh
 * 96-bit IV and the auth tag, so a tampered or wrongly keyed value fails loudly on open.
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

  /** Encrypts `plaintext` into a secret that is safe to store, print and serialize. */
  seal(plaintext: string): EncryptedSecret {
    if (typeof plaintext !== "string" || plaintext.length === 0) {
      throw ValidationError.invalid("credential", "<hidden>", "a non-empty string");
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return new EncryptedSecret([VERSION, iv.toString("base64"), tag.toString("base64"), body.toString("base64")].join("."));
  }

  /** Decrypts a secret sealed with the same key; throws when the key is wrong or the value was altered. */
  open(secret: EncryptedSecret): string {
    const [version, iv, tag, body] = secret.ciphertext.split(".");
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
      throw new ValidationError(`stored credential has an unknown format (expected ${VERSION}.iv.tag.body)`, {
        field: "credential",
      });
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
    } catch (cause) {
      throw new ValidationError(
        "stored credential cannot be decrypted: CREDENTIALS_ENCRYPTION_KEY differs from the key it was sealed with, or the value was altered",
        { field: "credential", cause },
      );
    }
  }
}
