import { ValidationError } from "@tradekit/domain";
import { afterEach, describe, expect, it } from "vitest";
import { resolveConnection } from "./connection-options.js";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("resolveConnection", () => {
  it("takes explicit options as given", () => {
    expect(resolveConnection({ url: "postgres://a/b", poolSize: 2, timescale: "off" })).toEqual({
      url: "postgres://a/b",
      poolSize: 2,
      timescale: "off",
    });
  });

  it("falls back to the configuration: the OHLCV URL, else the trading one", () => {
    process.env.TRADING_DATABASE_URL = "postgres://127.0.0.1/trading";
    delete process.env.OHLCV_DATABASE_URL;
    process.env.OHLCV_POOL_SIZE = "3";
    process.env.TIMESCALE_MODE = "require";
    expect(resolveConnection({})).toEqual({ url: "postgres://127.0.0.1/trading", poolSize: 3, timescale: "require" });
    process.env.OHLCV_DATABASE_URL = "postgres://127.0.0.1/ohlcv";
    expect(resolveConnection({}).url).toBe("postgres://127.0.0.1/ohlcv");
  });

  it("says how to get a database when none is configured", () => {
    delete process.env.TRADING_DATABASE_URL;
    delete process.env.OHLCV_DATABASE_URL;
    expect(() => resolveConnection({ poolSize: 1, timescale: "auto" })).toThrow(ValidationError);
    expect(() => resolveConnection({ poolSize: 1, timescale: "auto" })).toThrow(/embedded-db/);
    expect(() => resolveConnection({ url: "postgres://x/y", poolSize: 0, timescale: "auto" })).toThrow(/poolSize/);
  });
});
