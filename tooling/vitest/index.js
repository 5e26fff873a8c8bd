// The shared vitest setup. Every package's vitest.config.ts is `export default tradekitVitest()`.
// The JSON reporter writes .test-results/results.json, which tooling/scripts/run-tests.mjs sums
// into the `N passed, N failed` line that CI reads.
import { defineConfig, mergeConfig } from "vitest/config";

/** Shared vitest config; `overrides` is merged on top. */
export function tradekitVitest(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        reporters: ["default", ["json", { outputFile: ".test-results/results.json" }]],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        pool: "forks",
        // Integration files each make their own database and key prefix, so files may run in
        // parallel; two cores is the machine CI runs on.
        maxWorkers: 2,
      },
    }),
    overrides,
  );
}
