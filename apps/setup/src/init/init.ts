import type { TimescaleMode } from "@tradekit/config";
import { Database, withDatabase } from "@tradekit/orm";
import { STRATEGY_CATALOG } from "@tradekit/strategy-runner";
import pino, { type Logger } from "pino";
import { EXCHANGE_SEEDS } from "../catalog/exchange-seeds.js";
import type { SeedCounts } from "../catalog/seed-counts.js";
import { seedExchanges, seedSymbols } from "../catalog/seed-exchanges.js";
import { seedStrategies } from "../catalog/seed-strategies.js";
import { ensureDatabase } from "../databases/ensure-database.js";
import type { DatabaseEndpoint, SetupDatabases } from "../databases/open-databases.js";
import { serverOf } from "../databases/postgres-url.js";
import { withSetupLock } from "../databases/setup-lock.js";
import { applyMigrations } from "./apply-migrations.js";
import { type DemoIds, seedDemo } from "./seed-demo.js";
import { type StepResult, step, UP_TO_DATE } from "./step-result.js";
import { timescaleModeOf } from "./timescale-mode.js";

/** Options of init(). */
export interface InitOptions {
  /** Also create the demo user, paper account, bot, bot strategy and feed. */
  demo?: boolean;
  /** The candle store's TimescaleDB use: auto (default: TIMESCALE_MODE), require or off. */
  timescale?: TimescaleMode;
  logger?: Logger;
}

/** What init() did, step by step. */
export interface InitResult {
  /** Password-masked URLs. */
  readonly trading: string;
  readonly ohlcv: string;
  readonly embedded: boolean;
  readonly dataDir: string | null;
  /** Whether the candle store runs on TimescaleDB. */
  readonly timescale: boolean;
  readonly steps: readonly StepResult[];
  /** False when every step was already up to date. */
  readonly changed: boolean;
  /** The demo's ids with `demo: true`, else null. */
  readonly demo: DemoIds | null;
}

const silent = pino({ level: "silent" });

// An embedded folder made by this process's start is reported as created once, by the first init on it.
const reported = new WeakSet<DatabaseEndpoint>();

function databaseStep(name: string, endpoint: DatabaseEndpoint, outcome: "created" | "exists" | "embedded"): StepResult {
  const t = endpoint.target;
  if (outcome === "created")
    return step(name, true, `created database ${t.database} on ${serverOf(t)}`, { database: t.database });
  if (outcome === "embedded") {
    const created = endpoint.fresh && !reported.has(endpoint);
    reported.add(endpoint);
    return created
      ? step(name, true, `created the embedded database in ${endpoint.dataDir}`, { dataDir: endpoint.dataDir })
      : step(name, false, `${UP_TO_DATE} (the embedded database in ${endpoint.dataDir})`, { dataDir: endpoint.dataDir });
  }
  return step(name, false, `${UP_TO_DATE} (database ${t.database} on ${serverOf(t)})`, { database: t.database });
}

const seedMessage = (what: string, c: SeedCounts): string => {
  if (c.created === 0 && c.updated === 0) return `${UP_TO_DATE} (${c.unchanged} ${what})`;
  const parts = [
    c.created && `created ${c.created}`,
    c.updated && `updated ${c.updated}`,
    c.unchanged && `${c.unchanged} already present`,
  ];
  return `${parts.filter(Boolean).join(", ")} ${what}`;
};
const seedStep = (name: string, c: SeedCounts): StepResult =>
  step(name, c.created + c.updated > 0, seedMessage(name, c), { ...c });

/**
 * Brings the databases to a working state, idempotently: creates the trading and candle store
 * databases when missing, applies the ORM migrations and the candle store schema, seeds the
 * exchanges, symbols and the runner's strategy catalog, and with `demo` the demo bot. Two runs at
 * once on one database end in the state of one (the setup lock). Connections it opens are closed
 * before it returns, except the candle store's process-wide pool (`databases.stop()` ends it).
 */
export async function init(databases: SetupDatabases, options: InitOptions = {}): Promise<InitResult> {
  const logger = options.logger ?? silent;
  const timescale = timescaleModeOf(options.timescale, databases.timescale);
  return withSetupLock(databases.trading, logger, async () => {
    const steps: StepResult[] = [];
    steps.push(databaseStep("trading database", databases.trading, await ensureDatabase(databases.trading, "trading", logger)));
    if (databases.sameDatabase) {
      steps.push(step("candle store database", false, `${UP_TO_DATE} (the trading database; OHLCV_DATABASE_URL is not set)`));
    } else {
      const outcome = await ensureDatabase(databases.ohlcv, "candle store", logger);
      steps.push(databaseStep("candle store database", databases.ohlcv, outcome));
    }
    const migrated = await applyMigrations(databases, timescale, logger);
    steps.push(...migrated.steps);

    const database = await Database.connect({
      url: databases.tradingUrl,
      poolSize: 1,
      statementTimeoutMs: 0,
      credentialsKey: null,
      logger,
    });
    let demo: DemoIds | null = null;
    try {
      // One transaction: a seed that fails leaves the catalogs as they were.
      await withDatabase(async (db) => {
        steps.push(seedStep("exchanges", await seedExchanges(db, EXCHANGE_SEEDS)));
        steps.push(seedStep("symbols", await seedSymbols(db, EXCHANGE_SEEDS)));
        steps.push(seedStep("strategies", await seedStrategies(db, STRATEGY_CATALOG)));
        if (options.demo) {
          const seeded = await seedDemo(db);
          demo = seeded.ids;
          const message = seeded.created.length ? `created ${seeded.created.join(", ")}` : UP_TO_DATE;
          steps.push(step("demo", seeded.created.length > 0, message, { ...seeded.ids }));
        }
      }, database);
    } finally {
      await database.close();
    }
    for (const s of steps) logger.info({ step: s.step, changed: s.changed }, s.message);
    return Object.freeze({
      trading: databases.trading.target.masked,
      ohlcv: databases.ohlcv.target.masked,
      embedded: databases.embedded,
      dataDir: databases.dataDir,
      timescale: migrated.timescale,
      steps: Object.freeze(steps),
      changed: steps.some((s) => s.changed),
      demo,
    });
  });
}
