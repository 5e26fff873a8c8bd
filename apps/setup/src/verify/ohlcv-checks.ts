import { inspectOhlcvSchema, type OhlcvSchemaStatus } from "@tradekit/ohlcv";
import type { SetupDatabases } from "../databases/open-databases.js";
import { serverOf } from "../databases/postgres-url.js";
import { probe } from "../databases/probe.js";
import { type Check, fail, pass, skip } from "./check.js";

/** What the candle store checks found, for health(). */
export interface OhlcvFacts {
  readonly url: string;
  readonly sameAsTrading: boolean;
  readonly reachable: boolean;
  readonly exists: boolean;
  readonly schema: OhlcvSchemaStatus | null;
}

const TITLES = {
  reachable: "candle store database reachable",
  schema: "candle store schema installed",
  objects: "candle store tables and indexes present",
  hypertables: "hypertables present",
  aggregates: "continuous aggregates present",
};
const REPAIR =
  "the schema steps are recorded but objects are gone: restore them from a backup, or drop the ohlcv_* tables " +
  "and ohlcv_migrations and run `tradekit-setup migrate`";

function schemaChecks(s: OhlcvSchemaStatus): Check[] {
  const flavour = s.timescale === null ? "" : s.timescale ? ", TimescaleDB" : ", plain PostgreSQL";
  const checks: Check[] = [
    s.pending.length === 0
      ? pass("ohlcv.schema", TITLES.schema, `${s.applied.length} steps applied${flavour}`)
      : fail(
          "ohlcv.schema",
          TITLES.schema,
          `${s.pending.length} step(s) pending: ${s.pending.join(", ")}`,
          s.applied.length === 0 ? "run `tradekit-setup init`" : "run `tradekit-setup migrate`",
        ),
  ];
  if (s.applied.length === 0) {
    const why = "not checked: the schema is not installed";
    return [
      ...checks,
      skip("ohlcv.objects", TITLES.objects, why),
      skip("ohlcv.hypertables", TITLES.hypertables, why),
      skip("ohlcv.aggregates", TITLES.aggregates, why),
    ];
  }
  const gone = [...s.missing.tables.map((t) => `table ${t}`), ...s.missing.indexes.map((i) => `index ${i}`)];
  checks.push(
    gone.length === 0
      ? pass("ohlcv.objects", TITLES.objects, "every table and index of the installed steps")
      : fail("ohlcv.objects", TITLES.objects, `missing ${gone.join(", ")}`, REPAIR),
  );
  if (!s.timescale) {
    const why = "TimescaleDB is not used by this store (plain PostgreSQL)";
    return [...checks, skip("ohlcv.hypertables", TITLES.hypertables, why), skip("ohlcv.aggregates", TITLES.aggregates, why)];
  }
  checks.push(
    s.missing.hypertables.length === 0
      ? pass("ohlcv.hypertables", TITLES.hypertables, s.hypertables.join(", "))
      : fail("ohlcv.hypertables", TITLES.hypertables, `missing ${s.missing.hypertables.join(", ")}`, REPAIR),
    s.missing.continuousAggregates.length === 0
      ? pass("ohlcv.aggregates", TITLES.aggregates, s.continuousAggregates.join(", "))
      : fail("ohlcv.aggregates", TITLES.aggregates, `missing ${s.missing.continuousAggregates.join(", ")}`, REPAIR),
  );
  return checks;
}

/** The candle store's checks: reachable, schema steps, tables and indexes, hypertables and continuous aggregates. */
export async function checkOhlcv(
  databases: SetupDatabases,
  trading: { reachable: boolean; exists: boolean },
): Promise<{ checks: Check[]; facts: OhlcvFacts }> {
  const endpoint = databases.ohlcv;
  const t = endpoint.target;
  const facts = {
    url: t.masked,
    sameAsTrading: databases.sameDatabase,
    reachable: false,
    exists: false,
    schema: null as OhlcvSchemaStatus | null,
  };
  const skipAll = (why: string): Check[] => [
    skip("ohlcv.schema", TITLES.schema, why),
    skip("ohlcv.objects", TITLES.objects, why),
    skip("ohlcv.hypertables", TITLES.hypertables, why),
    skip("ohlcv.aggregates", TITLES.aggregates, why),
  ];
  if (databases.sameDatabase && !(trading.reachable && trading.exists)) {
    return {
      checks: [
        skip("ohlcv.reachable", TITLES.reachable, "the trading database (see above)"),
        ...skipAll("not checked: see the trading database"),
      ],
      facts,
    };
  }
  // An embedded server was started by this process and serves one connection, which the store's
  // pool may hold: a probe beside it would be refused, so the inspection itself tells.
  if (!endpoint.embedded && !databases.sameDatabase) {
    let found: Awaited<ReturnType<typeof probe>>;
    try {
      found = await probe(t, "checking the candle store database", endpoint.source);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        checks: [
          fail("ohlcv.reachable", TITLES.reachable, message, `start the server or fix ${endpoint.source}`, true),
          ...skipAll("not checked: not reachable"),
        ],
        facts,
      };
    }
    if (!found.exists) {
      const where = `database ${t.database} does not exist on ${serverOf(t)}`;
      return {
        checks: [
          fail("ohlcv.reachable", TITLES.reachable, where, "run `tradekit-setup init`"),
          ...skipAll("not checked: the database does not exist"),
        ],
        facts,
      };
    }
  }
  facts.reachable = true;
  facts.exists = true;
  let status: OhlcvSchemaStatus;
  try {
    status = await inspectOhlcvSchema({ url: endpoint.url });
  } catch (error) {
    if (!endpoint.embedded) throw error;
    facts.reachable = false;
    const message = error instanceof Error ? error.message : String(error);
    return {
      checks: [
        fail("ohlcv.reachable", TITLES.reachable, message, "restart: the embedded server did not answer", true),
        ...skipAll("not checked: not reachable"),
      ],
      facts,
    };
  }
  facts.schema = status;
  const where = databases.sameDatabase
    ? "the trading database"
    : endpoint.embedded
      ? `embedded, ${endpoint.dataDir}`
      : `${t.database} on ${serverOf(t)}`;
  return {
    checks: [pass("ohlcv.reachable", TITLES.reachable, `PostgreSQL ${status.serverVersion} (${where})`), ...schemaChecks(status)],
    facts,
  };
}
