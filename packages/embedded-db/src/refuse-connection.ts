import { errorResponse } from "./pg-wire.js";

/** How many client connections the embedded database serves at once: size client pools to it. */
export const EMBEDDED_MAX_CONNECTIONS = 1;

/** The message a connection beyond {@link EMBEDDED_MAX_CONNECTIONS} is refused with (SQLSTATE 53300). */
export const TOO_MANY_CLIENTS =
  `the embedded database serves ${EMBEDDED_MAX_CONNECTIONS} connection at a time and one is open ` +
  "(PGlite has a single session)";

const TOO_MANY_CLIENTS_HINT =
  "Size the client pool to EMBEDDED_MAX_CONNECTIONS from @tradekit/embedded-db (pg: { max: 1 }, MikroORM: pool: { max: 1 }) " +
  "and close other clients, or use a PostgreSQL server.";

/**
 * The answer to the startup packet of a connection beyond the limit, as PostgreSQL gives it when
 * full: FATAL 53300 too_many_connections, which drivers report as an ordinary database error (a
 * socket simply dropped reads as "Connection terminated unexpectedly").
 */
export const tooManyClientsResponse = (): Uint8Array =>
  errorResponse({ severity: "FATAL", code: "53300", message: TOO_MANY_CLIENTS, hint: TOO_MANY_CLIENTS_HINT });
