import type { Socket } from "node:net";
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

const SSL_REQUEST_CODE = 80877103;
const GSS_REQUEST_CODE = 80877104;
// A refused client that never sends its startup packet is cut off after this long.
const REFUSAL_TIMEOUT_MS = 5_000;

/**
 * Refuses a connection as PostgreSQL does when it is full: the client's startup packet is answered
 * with FATAL 53300 too_many_connections, which drivers report as an ordinary database error (a
 * socket simply dropped reads as "Connection terminated unexpectedly"). `onGone` runs once the
 * socket is closed.
 */
export function refuseConnection(socket: Socket, onGone: () => void): void {
  const timer = setTimeout(() => socket.destroy(), REFUSAL_TIMEOUT_MS);
  let gone = false;
  const done = () => {
    if (gone) return;
    gone = true;
    clearTimeout(timer);
    onGone();
  };
  socket.on("close", done);
  // An error is followed by close; listening keeps it from being thrown as unhandled.
  socket.on("error", done);
  let buffered = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (buffered.length < 8) return;
    const code = buffered.readInt32BE(4);
    if (code === SSL_REQUEST_CODE || code === GSS_REQUEST_CODE) {
      // "No encryption": the client then sends its plain startup packet, which gets the refusal.
      buffered = buffered.subarray(8);
      socket.write("N");
      return;
    }
    socket.removeAllListeners("data");
    socket.end(errorResponse({ severity: "FATAL", code: "53300", message: TOO_MANY_CLIENTS, hint: TOO_MANY_CLIENTS_HINT }));
  });
}
