import type { EntityManager } from "@mikro-orm/postgresql";
import type { CredentialCipher } from "../credentials/credential-cipher.js";
import type { SqlExecutor } from "../sql-executor.js";
import type { LookupCacheScope } from "./lookup-cache-scope.js";

/**
 * What every repository of one DatabaseContext shares: the context's forked EntityManager (inside
 * its transaction), raw SQL on the same transaction, the credentials cipher, and the read-through
 * lookup cache for symbols and exchanges (a pass-through when no LookupCache is configured).
 */
export interface RepositoryContext {
  readonly em: EntityManager;
  readonly sql: SqlExecutor;
  readonly credentials: CredentialCipher | null;
  readonly lookups: LookupCacheScope;
}
