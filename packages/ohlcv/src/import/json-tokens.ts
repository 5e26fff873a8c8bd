import { ValidationError } from "@tradekit/domain";

/** A JSON value as read by readJsonExact: every number kept as its source text, never as a float. */
export type ExactJson = string | boolean | null | ExactJson[] | { [key: string]: ExactJson };

const isDigitStart = (c: number): boolean => c === 45 || (c >= 48 && c <= 57);

/**
 * Parses JSON keeping each number's decimal text exactly as written in the file (a price of
 * 0.0155712699999999 stays those digits; JSON.parse would round it through a float). Strings
 * come back decoded, numbers as their text; the position of a value says which it is.
 */
export function readJsonExact(text: string, what = "JSON"): ExactJson {
  let i = 0;
  const fail = (expected: string): never => {
    throw ValidationError.invalid(what, text.slice(i, i + 20), `${expected} at character ${i}`);
  };
  const skip = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  const value = (): ExactJson => {
    skip();
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */) {
      i++;
      const out: ExactJson[] = [];
      skip();
      if (text.charCodeAt(i) === 93) {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        skip();
        const d = text.charCodeAt(i++);
        if (d === 93) return out;
        if (d !== 44) fail("',' or ']'");
      }
    }
    if (c === 123 /* { */) {
      i++;
      const out: Record<string, ExactJson> = {};
      skip();
      if (text.charCodeAt(i) === 125) {
        i++;
        return out;
      }
      for (;;) {
        skip();
        const key = value();
        if (typeof key !== "string") fail("a string key");
        skip();
        if (text.charCodeAt(i++) !== 58) fail("':'");
        out[key as string] = value();
        skip();
        const d = text.charCodeAt(i++);
        if (d === 125) return out;
        if (d !== 44) fail("',' or '}'");
      }
    }
    if (c === 34 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      if (i >= text.length) fail("a closing quote");
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    }
    if (isDigitStart(c)) {
      const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
      m.lastIndex = i;
      const found = m.exec(text);
      if (!found) return fail("a number");
      i = m.lastIndex;
      return found[0];
    }
    for (const [word, v] of [
      ["null", null],
      ["true", true],
      ["false", false],
      ["NaN", "NaN"],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail("a JSON value");
  };
  const result = value();
  skip();
  if (i !== text.length) fail("the end of the document");
  return result;
}
