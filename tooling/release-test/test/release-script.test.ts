// `pnpm release` refuses to run without a usable TRADEKIT_REGISTRY, before it builds or publishes anything.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanEnv } from "../src/clean-env.js";

const script = join(resolve(import.meta.dirname, "../../.."), "tooling", "scripts", "release.mjs");

function release(env: Record<string, string>) {
  return spawnSync(process.execPath, [script], { env: cleanEnv(env), encoding: "utf8", timeout: 30_000 });
}

describe("pnpm release", () => {
  it("without TRADEKIT_REGISTRY says what to set and publishes nothing", () => {
    const result = release({});
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/TRADEKIT_REGISTRY is not set.*TRADEKIT_REGISTRY_TOKEN/s);
    expect(result.stdout).not.toMatch(/building/);
  });

  it.each([
    ["not a URL", "npm.example.internal", /is not a URL: "npm\.example\.internal"/],
    ["another protocol", "ftp://npm.example.internal/", /must be an http\(s\) URL/],
    ["credentials in the URL", "https://bot:secret@npm.example.internal/", /must not carry credentials/],
  ])("refuses %s", (_, value, message) => {
    const result = release({ TRADEKIT_REGISTRY: value });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/secret/);
  });
});
