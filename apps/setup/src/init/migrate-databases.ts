import type { TimescaleMode } from "@tradekit/config";
import pino, { type Logger } from "pino";
import { requireDatabase } from "../databases/ensure-database.js";
import type { SetupDatabases } from "../databases/open-databases.js";
import { withSetupLock } from "../databases/setup-lock.js";
import { applyMigrations } from "./apply-migrations.js";
import type { StepResult } from "./step-result.js";
import { timescaleModeOf } from "./timescale-mode.js";

/** What migrateDatabases() did. */
export interface MigrateResult {
  readonly steps: readonly StepResult[];
  readonly changed: boolean;
  readonly timescale: boolean;
}

/**
 * Applies the ORM migrations and the candle store schema to existing databases (what an upgrade
 * needs); a missing database is a DatabaseMissingError naming `tradekit-setup init`, never created.
 */
export async function migrateDatabases(
  databases: SetupDatabases,
  options: { timescale?: TimescaleMode; logger?: Logger } = {},
): Promise<MigrateResult> {
  const logger = options.logger ?? pino({ level: "silent" });
  const timescale = timescaleModeOf(options.timescale, databases.timescale);
  return withSetupLock(databases.trading, logger, async () => {
    await requireDatabase(databases.trading, "trading");
    if (!databases.sameDatabase) await requireDatabase(databases.ohlcv, "candle store");
    const { steps, timescale: onTimescale } = await applyMigrations(databases, timescale, logger);
    return Object.freeze({ steps: Object.freeze(steps), changed: steps.some((s) => s.changed), timescale: onTimescale });
  });
}
