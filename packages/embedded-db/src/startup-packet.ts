import type { Socket } from "node:net";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
/** Request code of a CancelRequest packet: a client asking to cancel another connection's query. */
export const CANCEL_REQUEST = 80877102;

/** The first packet of a connection after any encryption requests: its bytes and request code. */
export interface StartupPacket {
  bytes: Buffer;
  code: number;
}

/**
 * Reads a new connection's startup packet. SSL and GSS encryption requests, which libpq sends first
 * by default (sslmode=prefer), are answered "N" (no encryption), after which the client sends its
 * plain startup packet; pglite-socket's handler does not know them and would hand PGlite garbage.
 * Rejects when the client goes, or sends nothing within `timeoutMs`.
 */
export function readStartupPacket(socket: Socket, timeoutMs: number): Promise<StartupPacket> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onError);
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`no startup packet within ${timeoutMs} ms`))), timeoutMs);
    const onClose = () => finish(() => reject(new Error("client closed the connection before its startup packet")));
    const onError = (error: Error) => finish(() => reject(error));
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8) {
        const code = buffered.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) {
          // Stop the flow so nothing arrives between here and the handler taking over.
          socket.pause();
          finish(() => resolve({ bytes: buffered, code }));
          return;
        }
        buffered = buffered.subarray(8);
        socket.write("N");
      }
    };
    socket.on("data", onData);
    socket.on("close", onClose);
    socket.on("error", onError);
  });
}
