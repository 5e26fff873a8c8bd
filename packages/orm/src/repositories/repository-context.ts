import type { EntityManager } from "@mikro-orm/postgresql";
import type { CredentialCipher } from "../credentials/credential-cipher.js";
import type { SqlExecutor } from "../sql-executor.js";

/**
 * What every repository of one DatabaseContext shares: the context's forked EntityManager (inside
 * its transaction), raw SQL on the same transaction, and the credentials cipher.
 */
export interface RepositoryContext {
  readonly em: EntityManager;
  readonly sql: SqlExecutor;
  readonly credentials: CredentialCipher | null;
}
