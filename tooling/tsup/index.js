// The one build setup of every publishable package: ESM for Node 22+, .d.ts, source maps.
// A package's tsup.config.ts is `export default tradekitTsup()`, with overrides only where it
// differs (more entries, say).
import { defineConfig } from "tsup";

/** Shared tsup config; `overrides` is merged on top. */
export function tradekitTsup(overrides = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "node22",
    dts: true,
    sourcemap: true,
    clean: true,
    // Error classes take their name from the class; keep it through bundling.
    keepNames: true,
    ...overrides,
  });
}
