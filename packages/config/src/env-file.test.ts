import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.js";

const dir = mkdtempSync(join(tmpdir(), "tradekit-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const envFile = join(dir, ".env");
writeFileSync(
  envFile,
  [
    "# a comment",
    "LOG_LEVEL=debug",
    "DB_POOL_SIZE=20",
    'REDIS_KEY_PREFIX="from-file:"',
    "TRADING_DATABASE_URL=postgres://file@localhost/trading",
    "export OHLCV_POOL_SIZE=6",
  ].join("\n"),
);

describe(".env file", () => {
  it("fills what the environment does not set; the real environment wins", () => {
    const c = loadConfig({ DB_POOL_SIZE: "30", TRADING_DATABASE_URL: "postgres://env@localhost/trading" }, { envFile });
    expect(c.logLevel).toBe("debug");
    expect(c.redis.keyPrefix).toBe("from-file:");
    expect(c.ohlcv.poolSize).toBe(6);
    expect(c.database.poolSize).toBe(30);
    expect(c.tradingDatabaseUrl).toBe("postgres://env@localhost/trading");
  });

  it("a variable set empty in the environment still wins over the file (node --env-file semantics)", () => {
    expect(loadConfig({ LOG_LEVEL: "" }, { envFile }).logLevel).toBe("info");
  });

  it("reports a bad value from the file like any other", () => {
    writeFileSync(join(dir, "bad.env"), "DB_POOL_SIZE=lots\n");
    expect(() => loadConfig({}, { envFile: join(dir, "bad.env") })).toThrow(
      'DB_POOL_SIZE: expected a whole number from 1 to 1000, got "lots"',
    );
  });

  it("a missing file is no file", () => {
    expect(loadConfig({}, { envFile: join(dir, "absent.env") }).logLevel).toBe("info");
  });

  it("with no arguments reads process.env plus ./.env; with an explicit env, no .env unless asked", () => {
    const cwd = process.cwd();
    const saved = { LOG_LEVEL: process.env.LOG_LEVEL, DB_POOL_SIZE: process.env.DB_POOL_SIZE };
    process.chdir(dir);
    try {
      delete process.env.LOG_LEVEL;
      process.env.DB_POOL_SIZE = "40";
      const c = loadConfig();
      expect(c.logLevel).toBe("debug");
      expect(c.database.poolSize).toBe(40);
      expect(loadConfig({}).logLevel).toBe("info");
    } finally {
      process.chdir(cwd);
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
