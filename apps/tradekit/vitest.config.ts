import { tradekitVitest } from "@tradekit/vitest-config";

export default tradekitVitest({
  test: { globalSetup: ["test/support/global-setup.ts"] },
});
