import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.js";

// A variable a user meant for tradekit but misspelled is otherwise ignored without a word: the
// default applies and nobody notices. loadConfig warns once per misspelling, naming the closest
// variable it knows.

let warnings: { name: string; message: string; code?: string }[] = [];
const listen = (w: Error & { code?: string }) => warnings.push({ name: w.name, message: w.message, code: w.code });

beforeEach(() => {
  warnings = [];
  process.on("warning", listen);
});
afterEach(() => {
  process.off("warning", listen);
});

// process warnings are emitted on the next tick
const settle = () => new Promise((r) => setImmediate(r));

describe("misspelled configuration variables", () => {
  it("DB_POOLSIZE and RISK_MAX_POSITION warn, naming the variable meant; the defaults still apply", async () => {
    const c = loadConfig({ DB_POOLSIZE: "20", RISK_MAX_POSITION: "3" });
    await settle();
    expect(c.database.poolSize).toBe(10);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/DB_POOLSIZE .*not a tradekit variable.*did you mean DB_POOL_SIZE\?/),
      expect.stringMatching(/RISK_MAX_POSITION .*did you mean RISK_MAX_POSITIONS\?/),
    ]);
    expect(warnings.every((w) => w.code === "TRADEKIT_UNKNOWN_VARIABLE")).toBe(true);
  });

  it("warns once per process for each misspelling, however often the configuration is read", async () => {
    for (let i = 0; i < 5; i++) loadConfig({ REDIS_KEY_PREFX: "x:" });
    loadConfig({ TRADING_DB_URL: "postgres://x@h/db" });
    loadConfig({ TRADING_DB_URL: "postgres://x@h/db" });
    await settle();
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/REDIS_KEY_PREFX .*did you mean REDIS_KEY_PREFIX\?/),
      expect.stringMatching(/TRADING_DB_URL .*did you mean TRADING_DATABASE_URL\?/),
    ]);
  });

  it("can hand its warnings to the caller's logger instead", async () => {
    const seen: string[] = [];
    loadConfig({ OHLCV_POOL_SISE: "2" }, { onWarning: (message) => seen.push(message) });
    await settle();
    expect(seen).toEqual([expect.stringMatching(/OHLCV_POOL_SISE .*did you mean OHLCV_POOL_SIZE\?/)]);
    expect(warnings).toEqual([]);
  });

  it("stays quiet about other programs' variables and about the real ones", async () => {
    loadConfig({
      PATH: "/usr/bin",
      HOME: "/root",
      DB_HOST: "db",
      DB_USER: "me",
      REDIS_HOST: "cache",
      REDIS_PASSWORD: "x",
      APP_ENV: "dev",
      LOG_FORMAT: "json",
      NODE_ENV: "test",
      DB_POOL_SIZE: "12",
      RISK_MAX_POSITIONS: "4",
    });
    await settle();
    expect(warnings).toEqual([]);
  });
});
