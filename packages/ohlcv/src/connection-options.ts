import { ValidationError } from "@tradekit/domain";
import type { TimescaleMode } from "./schema/migrator.js";

const MODES: readonly TimescaleMode[] = ["auto", "require", "off"];

/** The URL, pool size and TimescaleDB mode of an open() call, each from its option or the environment. */
export function resolveConnection(options: { url?: string; poolSize?: number; timescale?: TimescaleMode }): {
  url: string;
  poolSize: number;
  timescale: TimescaleMode;
} {
  const url = options.url ?? process.env.OHLCV_DATABASE_URL ?? process.env.TRADING_DATABASE_URL;
  if (!url) {
    throw ValidationError.invalid(
      "url",
      url,
      "a PostgreSQL URL (pass { url }, or set OHLCV_DATABASE_URL or TRADING_DATABASE_URL; start @tradekit/embedded-db for a zero-setup database)",
    );
  }
  const poolSize = options.poolSize ?? Number(process.env.OHLCV_POOL_SIZE ?? 4);
  if (!(Number.isSafeInteger(poolSize) && poolSize > 0))
    throw ValidationError.invalid("poolSize", poolSize, "a whole number > 0");
  const timescale = options.timescale ?? ((process.env.TIMESCALE_MODE as TimescaleMode | undefined) || "auto");
  if (!MODES.includes(timescale)) throw ValidationError.invalid("timescale", timescale, "'auto', 'require' or 'off'");
  return { url, poolSize, timescale };
}
