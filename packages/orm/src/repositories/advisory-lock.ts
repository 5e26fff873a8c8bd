import type { ExpressionBuilder } from "kysely";
import type { TradekitDB, TradekitKysely } from "../typed-kysely.js";

/**
 * Takes the transaction-scoped advisory lock of `scope:part1:part2...` (released at commit or
 * rollback). Serializes writers of something that has no row to lock yet.
 */
export async function advisoryLock(db: TradekitKysely, scope: string, ...parts: string[]): Promise<void> {
  await db.selectNoFrom((eb) => advisoryLockCall(eb, scope, ...parts).as("locked")).execute();
}

/** The call that takes the lock of `scope:part1:part2...`, to select with other expressions in one statement. */
export function advisoryLockCall(eb: ExpressionBuilder<TradekitDB, never>, scope: string, ...parts: string[]) {
  const key = [scope, ...parts].join(":");
  return eb.fn("pg_advisory_xact_lock", [eb.fn("hashtextextended", [eb.val(key), eb.lit(0)])]);
}
