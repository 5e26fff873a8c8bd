import type { ViteUserConfig } from "vitest/config";
/** Shared vitest config; `overrides` is merged on top. */
export declare function tradekitVitest(overrides?: ViteUserConfig): ViteUserConfig;
