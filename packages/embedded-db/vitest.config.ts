import { tradekitVitest } from "@tradekit/vitest-config";

// Starting PGlite (WASM) takes seconds alone and tens of seconds when builds and other suites hold
// both cores, as in a full `pnpm test`: a start that is slow is not a failure.
export default tradekitVitest({ test: { testTimeout: 120_000 } });
