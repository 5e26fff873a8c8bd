import type { SetupDatabases } from "../databases/open-databases.js";
import type { CheckStatus } from "./check.js";
import type { OhlcvFacts } from "./ohlcv-checks.js";
import type { RedisFacts } from "./redis-check.js";
import type { TradingFacts } from "./trading-checks.js";
import { verify } from "./verify.js";

/** The facts of verify() as one object for monitoring. */
export interface HealthReport {
  /** ok: every check passed; failing: something is not set up; unreachable: a server does not answer. */
  readonly status: "ok" | "failing" | "unreachable";
  readonly ok: boolean;
  readonly checkedAt: string;
  /** Every check by id: its status, what was found and, when failing, what to run. */
  readonly checks: Readonly<Record<string, { status: CheckStatus; detail: string; fix: string | null }>>;
  /** The ids of the failing checks. */
  readonly failing: readonly string[];
  readonly trading: TradingFacts;
  readonly ohlcv: OhlcvFacts;
  readonly redis: RedisFacts;
}

/** verify() as one JSON-ready object (`tradekit-setup health`). */
export async function health(databases: SetupDatabases): Promise<HealthReport> {
  const report = await verify(databases);
  return Object.freeze({
    status: report.ok ? "ok" : report.unreachable ? "unreachable" : "failing",
    ok: report.ok,
    checkedAt: report.checkedAt,
    checks: Object.fromEntries(report.checks.map((c) => [c.id, { status: c.status, detail: c.detail, fix: c.fix }])),
    failing: report.checks.filter((c) => c.status === "fail").map((c) => c.id),
    trading: report.trading,
    ohlcv: report.ohlcv,
    redis: report.redis,
  });
}
