import { tradekitTsup } from "@tradekit/tsup-config";
import type { Options } from "tsup";

const config: Options = tradekitTsup();
export default config;
