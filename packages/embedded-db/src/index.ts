export { COPY_FROM_STDIN_REFUSED } from "./copy-guard.js";
export { EmbeddedDatabaseError, type EmbeddedDatabaseErrorCode } from "./embedded-database-error.js";
export type { EmbeddedDatabaseLogger } from "./logger.js";
export { EMBEDDED_MAX_CONNECTIONS, TOO_MANY_CLIENTS } from "./refuse-connection.js";
export { type EmbeddedDatabase, type EmbeddedDatabaseOptions, startEmbeddedDatabase } from "./start-embedded-database.js";
