import { inspect } from "node:util";
import { ConfigError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.js";
import { redactConfig } from "./redact-config.js";
import { maskUrl } from "./secret.js";

const HEX_KEY = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
const B64_KEY = Buffer.from(HEX_KEY, "hex").toString("base64");
const env = {
  TRADING_DATABASE_URL: "postgres://trader:s3cr3t-db@db.internal:5432/trading",
  OHLCV_DATABASE_URL: "postgresql://ts.internal/ohlcv?user=ts&password=s3cr3t-ts",
  REDIS_URL: "rediss://:s3cr3t-redis@cache.internal:6380/0",
  CREDENTIALS_ENCRYPTION_KEY: HEX_KEY,
  APP_MODE: "production",
};
const SECRETS = ["s3cr3t-db", "s3cr3t-ts", "s3cr3t-redis", HEX_KEY, B64_KEY];
// The key's bytes as Buffer#toJSON would print them: a leak even though it is not the hex text.
const KEY_BYTES = JSON.stringify([...Buffer.from(HEX_KEY, "hex")]).slice(1, -1);

const expectNoSecret = (text: string): void => {
  for (const s of [...SECRETS, KEY_BYTES]) expect(text).not.toContain(s);
};

describe("redaction", () => {
  const c = loadConfig(env);

  it("redactConfig masks the key and URL passwords and keeps everything else readable", () => {
    const r = redactConfig(c);
    expect(r.tradingDatabaseUrl).toBe("postgres://trader:***@db.internal:5432/trading");
    expect(r.ohlcvDatabaseUrl).toBe("postgresql://ts.internal/ohlcv?user=ts&password=***");
    expect(r.redisUrl).toBe("rediss://:***@cache.internal:6380/0");
    expect(r.credentialsKey).toBe("[redacted]");
    expect(r.risk).toMatchObject({ maxRiskPerTradePct: "2", maxPositionSize: null, maxPositions: 5 });
    expect(r.database).toEqual({ poolSize: 10, statementTimeoutMs: 30_000 });
    expectNoSecret(JSON.stringify(r));
  });

  it("JSON.stringify and util.inspect of the config itself print the redacted form", () => {
    expectNoSecret(JSON.stringify(c));
    expectNoSecret(JSON.stringify({ config: c }));
    expectNoSecret(inspect(c, { depth: 10 }));
    expect(JSON.parse(JSON.stringify(c))).toEqual(redactConfig(c));
  });

  it("the key prints as [redacted] everywhere, yet its bytes stay usable", () => {
    const key = c.credentialsKey as Buffer;
    expect(JSON.stringify(key)).toBe('"[redacted]"');
    expect(inspect(key)).toBe("[redacted]");
    expect(String(key)).toBe("[redacted]");
    expect(`${key}`).toBe("[redacted]");
    expect(key.length).toBe(32);
    expect(key.toString("hex")).toBe(HEX_KEY);
  });

  it("error messages never echo a secret", () => {
    let message = "";
    try {
      loadConfig({
        TRADING_DATABASE_URL: "mysql://trader:s3cr3t-db@db/trading",
        REDIS_URL: "redis//:s3cr3t-redis@cache",
        CREDENTIALS_ENCRYPTION_KEY: `${HEX_KEY}00`,
      });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      message = e.message + JSON.stringify(e.issues) + JSON.stringify(e.details);
    }
    expect(message).toContain(
      'TRADING_DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql://trader:***@db/trading"',
    );
    expect(message).toContain("CREDENTIALS_ENCRYPTION_KEY: expected 32 bytes");
    expect(message).toContain("got 66 characters (not shown)");
    expectNoSecret(message);
  });

  it("maskUrl masks user passwords and password query parameters, and leaves password-less URLs alone", () => {
    expect(maskUrl("postgres://u:p@h/db")).toBe("postgres://u:***@h/db");
    expect(maskUrl("postgres://h/db?sslpassword=x&pass=y")).toBe("postgres://h/db?sslpassword=***&pass=***");
    expect(maskUrl("redis://localhost:6379")).toBe("redis://localhost:6379");
    expect(maskUrl("not a url //user:pw@host")).toBe("not a url //user:***@host");
  });
});
