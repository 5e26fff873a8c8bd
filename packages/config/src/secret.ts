import { inspect } from "node:util";

/** What a secret looks like wherever it is printed. */
export const REDACTED = "[redacted]";

/**
 * Marks a key Buffer so that JSON.stringify, util.inspect (console.log, pino) and String() print
 * REDACTED instead of its bytes; crypto APIs still read the bytes, and toString("hex") still works.
 */
export function secretBuffer(source: Buffer): Buffer {
  // A copy in its own memory: small Buffer.from() results share Node's pool slab with other data.
  const bytes = Buffer.alloc(source.length);
  source.copy(bytes);
  source.fill(0);
  const original = bytes.toString.bind(bytes);
  Object.defineProperties(bytes, {
    toJSON: { value: () => REDACTED },
    [inspect.custom]: { value: () => REDACTED },
    toString: { value: (...args: Parameters<Buffer["toString"]>) => (args.length === 0 ? REDACTED : original(...args)) },
    toLocaleString: { value: () => REDACTED },
  });
  return bytes;
}

// libpq and ioredis both accept a password in the query string too.
const SECRET_PARAMS = ["password", "pass", "sslpassword"];

/** The URL with its password (userinfo and query) replaced by "***"; text that is not a URL gets the userinfo masked by pattern. */
export function maskUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Not parseable: mask anything that looks like "//user:password@" before echoing it.
    return text.replace(/(\/\/[^/@]*?:)[^@]*@/, "$1***@");
  }
  const params = SECRET_PARAMS.filter((key) => url.searchParams.has(key));
  // Re-serializing normalizes a URL (a trailing "/" for http); leave one without secrets as written.
  if (!url.password && params.length === 0) return text;
  if (url.password) url.password = "***";
  for (const key of params) url.searchParams.set(key, "***");
  return url.toString();
}
