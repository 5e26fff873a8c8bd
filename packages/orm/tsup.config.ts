import { tradekitTsup } from "@tradekit/tsup-config";

export default tradekitTsup({ entry: ["src/index.ts", "src/cli.ts"] });
