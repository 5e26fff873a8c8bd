import type { TimescaleMode } from "@tradekit/config";
import { ValidationError } from "@tradekit/domain";

/** The modes of the candle store's TimescaleDB use. */
export const TIMESCALE_MODES: readonly TimescaleMode[] = ["auto", "require", "off"];

/** `mode` checked to be one of TIMESCALE_MODES (ValidationError naming it otherwise); `fallback` when undefined. */
export function timescaleModeOf(mode: unknown, fallback: TimescaleMode): TimescaleMode {
  if (mode === undefined) return fallback;
  if (typeof mode === "string" && (TIMESCALE_MODES as readonly string[]).includes(mode)) return mode as TimescaleMode;
  throw ValidationError.invalid("timescale", mode, "auto, require or off");
}
