import { tradekitTsup } from "@tradekit/tsup-config";

export default tradekitTsup();
