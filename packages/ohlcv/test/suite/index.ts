import { afterAll, beforeAll, describe } from "vitest";
import { candleSuite } from "./candle-suite.js";
import { type EngineUnderTest, engineHandle } from "./engine.js";
import { inputSuite } from "./input-suite.js";

export type { EngineUnderTest } from "./engine.js";

/** The whole OHLCV store contract, run against one engine (plain PostgreSQL or embedded TimescaleDB). */
export function ohlcvContractSuite(engine: EngineUnderTest, extra?: (db: ReturnType<typeof engineHandle>) => void) {
  const db = engineHandle(engine);
  beforeAll(() => db.start());
  afterAll(() => db.stop());
  describe(`candles on ${engine.name}`, () => candleSuite(db));
  describe(`input, trades and imports on ${engine.name}`, () => inputSuite(db));
  if (extra) describe(`${engine.name} specifics`, () => extra(db));
}
