import type { SetupDatabases } from "../databases/open-databases.js";
import type { Check } from "./check.js";
import { checkOhlcv, type OhlcvFacts } from "./ohlcv-checks.js";
import { checkRedis, type RedisFacts } from "./redis-check.js";
import { checkTrading, type TradingFacts } from "./trading-checks.js";

/** What verify() found: one line per check, and the facts behind them. */
export interface VerifyReport {
  /** True when no check failed. */
  readonly ok: boolean;
  /** True when a failure is a server that could not be reached at all. */
  readonly unreachable: boolean;
  readonly checks: readonly Check[];
  readonly trading: TradingFacts;
  readonly ohlcv: OhlcvFacts;
  readonly redis: RedisFacts;
  readonly checkedAt: string;
}

/**
 * Checks, without changing anything, that the databases are reachable, migrated, match the
 * entities, have the candle store's objects (hypertables and continuous aggregates where
 * TimescaleDB is), that Redis answers when REDIS_URL is set, and that the catalogs are seeded.
 * Failures are results, not exceptions; bad configuration still throws.
 */
export async function verify(databases: SetupDatabases): Promise<VerifyReport> {
  const trading = await checkTrading(databases);
  const ohlcv = await checkOhlcv(databases, trading.facts);
  const redis = await checkRedis(databases.redisUrl);
  // Catalogs last: the line a user reads after the schema lines.
  const catalogs = trading.checks.filter((c) => c.id === "catalogs");
  const checks = [...trading.checks.filter((c) => c.id !== "catalogs"), ...ohlcv.checks, redis.check, ...catalogs];
  const failed = checks.filter((c) => c.status === "fail");
  return Object.freeze({
    ok: failed.length === 0,
    unreachable: failed.some((c) => c.unreachable),
    checks: Object.freeze(checks),
    trading: trading.facts,
    ohlcv: ohlcv.facts,
    redis: redis.facts,
    checkedAt: new Date().toISOString(),
  });
}
