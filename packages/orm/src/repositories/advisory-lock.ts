import type { TradekitKysely } from "../typed-kysely.js";

/**
 * Takes the transaction-scoped advisory lock of `scope:part1:part2...` (released at commit or
 * rollback). Serializes writers of something that has no row to lock yet.
 */
export async function advisoryLock(db: TradekitKysely, scope: string, ...parts: string[]): Promise<void> {
  const key = [scope, ...parts].join(":");
  await db
    .selectNoFrom((eb) => eb.fn("pg_advisory_xact_lock", [eb.fn("hashtextextended", [eb.val(key), eb.lit(0)])]).as("locked"))
    .execute();
}
