import { tradekitVitest } from "@tradekit/vitest-config";

export default tradekitVitest();
