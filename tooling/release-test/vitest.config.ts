import { tradekitVitest } from "@tradekit/vitest-config";

// The release flow's steps share one registry, one repository copy and one consumer: they run in
// order in one file, each with its own timeout.
export default tradekitVitest();
