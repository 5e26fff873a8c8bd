import type { TimescaleMode } from "@tradekit/config";
import { installOhlcvSchema } from "@tradekit/ohlcv";
import { migrate } from "@tradekit/orm";
import type { Logger } from "pino";
import type { SetupDatabases } from "../databases/open-databases.js";
import { type StepResult, step, UP_TO_DATE } from "./step-result.js";

const flavourOf = (timescale: boolean) => (timescale ? "TimescaleDB" : "plain PostgreSQL");

/** Applies the ORM's migrations and the candle store's schema steps; two step results. */
export async function applyMigrations(
  databases: SetupDatabases,
  timescale: TimescaleMode,
  logger: Logger,
): Promise<{ steps: StepResult[]; timescale: boolean }> {
  // One connection, no statement timeout, no credentials key: only what a migration needs (and no environment read).
  const orm = await migrate({ url: databases.tradingUrl, poolSize: 1, statementTimeoutMs: 0, logger });
  const store = await installOhlcvSchema({ url: databases.ohlcvUrl, timescale });
  logger.info({ applied: store.applied, timescale: store.timescale }, "candle store schema");
  return {
    timescale: store.timescale,
    steps: [
      step(
        "migrations",
        orm.applied.length > 0,
        orm.applied.length ? `applied ${orm.applied.length}: ${orm.applied.join(", ")}` : UP_TO_DATE,
        { applied: orm.applied },
      ),
      step(
        "candle store schema",
        store.applied.length > 0,
        store.applied.length
          ? `applied ${store.applied.length} step(s) on ${flavourOf(store.timescale)}: ${store.applied.join(", ")}`
          : `${UP_TO_DATE} (${flavourOf(store.timescale)})`,
        { applied: store.applied, timescale: store.timescale },
      ),
    ],
  };
}
