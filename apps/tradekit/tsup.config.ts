import { tradekitTsup } from "@tradekit/tsup-config";
import type { Options } from "tsup";

const config: Options = tradekitTsup({ entry: ["src/index.ts", "src/cli.ts"] });
export default config;
