import { errorResponse } from "./pg-wire.js";

/** What a client is told once PGlite has crashed: FATAL 57P03 (cannot_connect_now), with the cause. */
export const crashedMessage = (error: Error): string =>
  `the embedded database crashed (PGlite: ${error.message}) and cannot serve any more queries; ` +
  "stop it and start it again (committed data in its data directory is kept)";

/** The FATAL ErrorResponse carrying {@link crashedMessage}. */
export const crashedResponse = (error: Error): Uint8Array =>
  errorResponse({ severity: "FATAL", code: "57P03", message: crashedMessage(error) });
