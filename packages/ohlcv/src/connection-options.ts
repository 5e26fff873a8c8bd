import { loadConfig } from "@tradekit/config";
import { ValidationError } from "@tradekit/domain";
import type { TimescaleMode } from "./schema/migrator.js";

const MODES: readonly TimescaleMode[] = ["auto", "require", "off"];

/**
 * The URL, pool size and TimescaleDB mode of an open() call: each option as given, else from
 * @tradekit/config (OHLCV_DATABASE_URL, then TRADING_DATABASE_URL; OHLCV_POOL_SIZE; TIMESCALE_MODE),
 * which is only read when something is missing.
 */
export function resolveConnection(options: { url?: string; poolSize?: number; timescale?: TimescaleMode }): {
  url: string;
  poolSize: number;
  timescale: TimescaleMode;
} {
  const complete = options.url !== undefined && options.poolSize !== undefined && options.timescale !== undefined;
  const config = complete ? null : loadConfig();
  const url = options.url ?? config?.ohlcvDatabaseUrl ?? config?.tradingDatabaseUrl ?? undefined;
  if (!url) {
    throw ValidationError.invalid(
      "url",
      url,
      "a PostgreSQL URL: pass { url }, set OHLCV_DATABASE_URL or TRADING_DATABASE_URL, or start @tradekit/embedded-db and pass its url",
    );
  }
  const poolSize = options.poolSize ?? config?.ohlcv.poolSize ?? 4;
  if (!(Number.isSafeInteger(poolSize) && poolSize > 0))
    throw ValidationError.invalid("poolSize", poolSize, "a whole number > 0");
  const timescale = options.timescale ?? config?.ohlcv.timescale ?? "auto";
  if (!MODES.includes(timescale)) throw ValidationError.invalid("timescale", timescale, "'auto', 'require' or 'off'");
  return { url, poolSize, timescale };
}
