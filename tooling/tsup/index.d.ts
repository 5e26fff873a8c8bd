import type { Options } from "tsup";
/** Shared tsup config; `overrides` is merged on top. */
export declare function tradekitTsup(overrides?: Options): Options;
