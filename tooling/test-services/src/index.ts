export {
  adminDatabaseUrl,
  createTestDatabase,
  databaseUrlFor,
  ensurePostgres,
  type TestDatabase,
  type TestDatabaseOptions,
} from "./postgres.js";
export { ensureRedis, redisUrl, testKeyPrefix } from "./redis.js";
export { ServiceUnavailable } from "./service-unavailable.js";
export { sharedDataPath } from "./shared-data.js";
export { uniqueName } from "./unique-name.js";
