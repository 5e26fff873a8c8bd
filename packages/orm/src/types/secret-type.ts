import { type Platform, Type } from "@mikro-orm/core";
import { EncryptedSecret } from "../credentials/encrypted-secret.js";

/** Stores an EncryptedSecret as its ciphertext in a `text` column; never sees plaintext. */
export class SecretType extends Type<EncryptedSecret | null, string | null> {
  // Typed as EncryptedSecret so the entity property is one; a string reaching it at run time is refused.
  override convertToDatabaseValue(value: EncryptedSecret | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    if (value instanceof EncryptedSecret) return value.ciphertext;
    // A raw string here means plaintext was assigned to a credential column: refuse to store it.
    throw new TypeError("credential columns take an EncryptedSecret; seal the plaintext with db.credentials.seal(...)");
  }

  override convertToJSValue(value: string | EncryptedSecret | null | undefined): EncryptedSecret | null {
    if (value === null || value === undefined) return null;
    return value instanceof EncryptedSecret ? value : new EncryptedSecret(value);
  }

  // Not a scalar to MikroORM: em.assign and em.create accept an EncryptedSecret.
  override get runtimeType(): string {
    return "EncryptedSecret";
  }

  override compareAsType(): string {
    return "string";
  }

  override toJSON(): null {
    return null;
  }

  override getColumnType(_prop: unknown, _platform: Platform): string {
    return "text";
  }
}
