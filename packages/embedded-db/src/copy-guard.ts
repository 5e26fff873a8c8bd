import { buildMessage, cStrings, FrontendMessage, readCString } from "./pg-wire.js";

/**
 * COPY ... FROM STDIN sent through pglite-socket kills the PGlite instance (WASM "unreachable"),
 * taking every later query down with it. The guard rewrites such a statement, before PGlite sees
 * it, into one that fails with a clear error (SQLSTATE 0A000, feature_not_supported); the session
 * stays usable and a transaction around it is aborted just as PostgreSQL would abort it.
 */
export const COPY_FROM_STDIN_REFUSED =
  "COPY ... FROM STDIN is not supported by the embedded database (it would crash PGlite); " +
  "insert in batches with INSERT ... SELECT * FROM unnest($1::timestamptz[], $2::numeric[], ...) instead";

// A COPY statement at the start of the text or after a `;`, leading comments allowed, reading
// FROM STDIN. `[^;]*?` stops at the statement's end; options such as DELIMITER ';' come after FROM.
const COPY_FROM_STDIN = /(?:^|;)\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*copy\b[^;]*?\bfrom\s+stdin\b/i;

/** Whether `sql` contains a COPY ... FROM STDIN statement. */
export function isCopyFromStdin(sql: string): boolean {
  return COPY_FROM_STDIN.test(sql);
}

const refusal = `DO $tradekit$ BEGIN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', MESSAGE = '${COPY_FROM_STDIN_REFUSED.replaceAll("'", "''")}'; END $tradekit$`;

/**
 * `message` unchanged, or, for a Query or Parse carrying COPY ... FROM STDIN, the same message
 * running a statement that raises {@link COPY_FROM_STDIN_REFUSED}. Returns whether it refused.
 */
export function guardCopyFromStdin(message: Uint8Array): { message: Uint8Array; refused: boolean } {
  const type = message[0];
  if (type === FrontendMessage.query) {
    const { text } = readCString(message, 5);
    if (!isCopyFromStdin(text)) return { message, refused: false };
    return { message: buildMessage(type, cStrings([refusal])), refused: true };
  }
  if (type === FrontendMessage.parse) {
    const name = readCString(message, 5);
    const query = readCString(message, name.end);
    if (!isCopyFromStdin(query.text)) return { message, refused: false };
    // Keep the statement name and the declared parameter types, so the client's Bind still matches.
    return { message: buildMessage(type, cStrings([name.text, refusal], message.subarray(query.end))), refused: true };
  }
  return { message, refused: false };
}

/** CopyData, CopyDone and CopyFail: never valid here, since no COPY FROM STDIN ever starts. */
export function isCopyInMessage(message: Uint8Array): boolean {
  const type = message[0];
  return type === FrontendMessage.copyData || type === FrontendMessage.copyDone || type === FrontendMessage.copyFail;
}
