import { createServer } from "node:net";
import { EmbeddedDatabaseError } from "./embedded-database-error.js";

/** The typed error for a failed `listen` on host:port. */
export function listenError(error: unknown, host: string, port: number): EmbeddedDatabaseError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    return new EmbeddedDatabaseError(
      "PORT_IN_USE",
      `port ${port} on ${host} is already in use; pass another port, or 0 for a free one`,
      {
        cause: error,
        details: { host, port },
      },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new EmbeddedDatabaseError("START_FAILED", `could not listen on ${host}:${port}: ${reason}`, {
    cause: error,
    details: { host, port },
  });
}

/**
 * Fails fast, before PGlite spends seconds starting, when a fixed port is taken. The real listen
 * afterwards still reports a port taken in between.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (error) => reject(listenError(error, host, port)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
