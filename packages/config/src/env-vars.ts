import { type Decimal, toDecimal, ValidationError } from "@tradekit/domain";
import { z } from "zod";
import { maskUrl, secretBuffer } from "./secret.js";

// One builder per kind of variable. Each reads string | undefined (unset or blank = the default)
// and reports "expected ..., got ..." so the ConfigError line reads `VAR: expected ..., got "..."`.

type Raw = string | undefined;
const raw = z.string().optional();
const blank = (v: Raw): v is undefined => v === undefined || v.trim() === "";
const fail = (ctx: z.RefinementCtx, message: string): never => {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
};

/** A whole number in [min, max]. */
export const wholeNumber = (min: number, max: number, fallback: number) =>
  raw.transform((v, ctx): number => {
    if (blank(v)) return fallback;
    const n = /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
    if (n >= min && n <= max) return n;
    return fail(ctx, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  });

/** One of `values`. */
export const oneOf = <T extends string>(values: readonly T[], fallback: T) =>
  raw.transform((v, ctx): T => {
    if (blank(v)) return fallback;
    const t = v.trim() as T;
    if (values.includes(t)) return t;
    return fail(ctx, `expected one of ${values.join(", ")}, got ${JSON.stringify(v)}`);
  });

/** A non-empty text without whitespace. */
export const token = (fallback: string) =>
  raw.transform((v, ctx): string => {
    if (v === undefined || v === "") return fallback;
    if (/^\S+$/.test(v)) return v;
    return fail(ctx, `expected text without spaces, got ${JSON.stringify(v)}`);
  });

/** A URL with one of `schemes` ("postgres", ...), or null when unset. Echoes it with its password masked. */
export const url = (schemes: readonly string[]) =>
  raw.transform((v, ctx): string | null => {
    if (blank(v)) return null;
    const expected = `expected a ${schemes.map((s) => `${s}://`).join(" or ")} URL`;
    const text = v.trim();
    if (!URL.canParse(text)) return fail(ctx, `${expected}, got ${JSON.stringify(maskUrl(text))}`);
    const scheme = new URL(text).protocol.slice(0, -1);
    if (schemes.includes(scheme)) return text;
    return fail(ctx, `${expected}, got ${JSON.stringify(maskUrl(text))} (scheme ${scheme}://)`);
  });

const readPositive = (v: string, ctx: z.RefinementCtx, max: number | undefined): Decimal => {
  const expected = `expected a decimal number greater than 0${max === undefined ? "" : ` and at most ${max}`}`;
  let d: Decimal;
  try {
    d = toDecimal(v.trim(), "value");
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return fail(ctx, `${expected}, got ${JSON.stringify(v)}`);
  }
  if (d.gt(0) && (max === undefined || d.lte(max))) return d;
  return fail(ctx, `${expected}, got ${JSON.stringify(v)}`);
};

/** A decimal in (0, max]. */
export const positiveDecimal = (fallback: string, max?: number) =>
  raw.transform((v, ctx): Decimal => (blank(v) ? toDecimal(fallback) : readPositive(v, ctx, max)));

/** A decimal > 0, or null (no limit) when unset. */
export const optionalPositiveDecimal = () =>
  raw.transform((v, ctx): Decimal | null => (blank(v) ? null : readPositive(v, ctx, undefined)));

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/** 32 bytes as 64 hex characters or base64; never echoed. Null when unset. */
export const encryptionKey = () =>
  raw.transform((v, ctx): Buffer | null => {
    if (blank(v)) return null;
    const text = v.trim();
    if (HEX_KEY.test(text)) return secretBuffer(Buffer.from(text, "hex"));
    if (BASE64_KEY.test(text)) {
      const bytes = Buffer.from(text, "base64");
      if (bytes.length === 32) return secretBuffer(bytes);
    }
    return fail(
      ctx,
      `expected 32 bytes written as 64 hex characters or as base64 (e.g. from \`openssl rand -hex 32\`), got ${text.length} characters (not shown)`,
    );
  });
