// The few PostgreSQL wire-protocol (v3) pieces the server needs to read and write itself.

/** Frontend message type bytes. */
export const FrontendMessage = {
  query: 0x51, // 'Q'
  parse: 0x50, // 'P'
  copyData: 0x64, // 'd'
  copyDone: 0x63, // 'c'
  copyFail: 0x66, // 'f'
  terminate: 0x58, // 'X'
} as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The NUL-terminated string starting at `offset`, and the offset just past its NUL. */
export function readCString(message: Uint8Array, offset: number): { text: string; end: number } {
  let end = offset;
  while (end < message.length && message[end] !== 0) end++;
  return { text: decoder.decode(message.subarray(offset, end)), end: end + 1 };
}

/** A typed message: type byte, int32 length (counting itself), body. */
export function buildMessage(type: number, body: Uint8Array): Uint8Array {
  const message = new Uint8Array(5 + body.length);
  message[0] = type;
  new DataView(message.buffer).setInt32(1, 4 + body.length);
  message.set(body, 5);
  return message;
}

/** Body bytes made of NUL-terminated strings, then `tail` unchanged. */
export function cStrings(strings: readonly string[], tail: Uint8Array = new Uint8Array()): Uint8Array {
  const parts = strings.map((s) => encoder.encode(`${s}\0`));
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0) + tail.length);
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.length;
  }
  body.set(tail, at);
  return body;
}

/** An ErrorResponse ('E') as a real server sends it, e.g. FATAL 53300 "too many clients". */
export function errorResponse(fields: { severity: "ERROR" | "FATAL"; code: string; message: string; hint?: string }): Uint8Array {
  const parts = [`S${fields.severity}`, `V${fields.severity}`, `C${fields.code}`, `M${fields.message}`];
  if (fields.hint !== undefined) parts.push(`H${fields.hint}`);
  // Each field is NUL-terminated and a lone NUL ends the list: the trailing "" gives exactly that.
  return buildMessage(0x45, cStrings([...parts, ""]));
}
