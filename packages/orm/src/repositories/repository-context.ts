import type { EntityManager } from "@mikro-orm/postgresql";
import type { CredentialCipher } from "../credentials/credential-cipher.js";
import type { SqlExecutor } from "../sql-executor.js";
import type { TradekitKysely } from "../typed-kysely.js";
import type { LookupCacheScope } from "./lookup-cache-scope.js";

/**
 * What every repository of one DatabaseContext shares: the context's forked EntityManager (inside
 * its transaction), the typed Kysely instance on the same transaction (entity and property names,
 * values converted by the entities' types), raw SQL for what neither can express, the credentials
 * cipher, and the read-through lookup cache for symbols and exchanges.
 */
export interface RepositoryContext {
  readonly em: EntityManager;
  /** Throws CONTEXT_CLOSED once the context committed or rolled back. */
  readonly db: TradekitKysely;
  readonly sql: SqlExecutor;
  readonly credentials: CredentialCipher | null;
  readonly lookups: LookupCacheScope;
}
