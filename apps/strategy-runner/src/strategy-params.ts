import { Decimal, type DecimalInput, toDecimal, ValidationError } from "@tradekit/domain";
import { z } from "zod";

/**
 * One parameter of a strategy: how its stored text (bot strategy params are text, defaults from
 * the catalog) becomes a typed value, its catalog default and what a valid value looks like.
 */
export interface ParamSpec<T> {
  /** Parses the stored text into the typed value. */
  readonly schema: z.ZodType<T, string>;
  /** The default the catalog stores; null = the bot must set it. */
  readonly defaultValue: string | null;
  readonly description: string;
  /** What a valid value is, for messages: "a whole number from 2 to 500". */
  readonly expects: string;
}

/** A strategy's parameters by name. */
export type ParamShape = Readonly<Record<string, ParamSpec<unknown>>>;

/** The typed params a ParamShape parses to. */
export type ParamsOf<S extends ParamShape> = { readonly [K in keyof S]: S[K] extends ParamSpec<infer T> ? T : never };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;

const range = (min: DecimalInput | undefined, max: DecimalInput | undefined, strict: boolean): string => {
  const lo = min === undefined ? "" : `${strict ? "greater than" : "at least"} ${min}`;
  const hi = max === undefined ? "" : `${strict ? "less than" : "at most"} ${max}`;
  return [lo, hi].filter(Boolean).join(" and ");
};

interface NumberOptions<D> {
  default: D;
  description: string;
  min?: number;
  max?: number;
}

interface DecimalOptions {
  default: string;
  description: string;
  /** Exclusive bounds: the value must be > gt and < lt. */
  gt?: DecimalInput;
  lt?: DecimalInput;
}

/** Builders of ParamSpecs for the usual kinds of parameter. */
export const param = {
  /** A whole number, e.g. a period in candles. */
  integer(options: NumberOptions<number>): ParamSpec<number> {
    const bounds = range(options.min, options.max, false);
    const schema = z
      .string()
      .trim()
      .regex(INTEGER)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(options.min ?? Number.MIN_SAFE_INTEGER)
          .max(options.max ?? Number.MAX_SAFE_INTEGER),
      );
    return spec(schema, String(options.default), options.description, `a whole number${bounds ? ` ${bounds}` : ""}`);
  },

  /** A float for analysis (an indicator level such as an RSI of 30); never a price or an amount. */
  number(options: NumberOptions<number>): ParamSpec<number> {
    const bounds = range(options.min, options.max, false);
    const schema = z
      .string()
      .trim()
      .regex(DECIMAL)
      .transform(Number)
      .pipe(
        z
          .number()
          .min(options.min ?? -Number.MAX_VALUE)
          .max(options.max ?? Number.MAX_VALUE),
      );
    return spec(schema, String(options.default), options.description, `a number${bounds ? ` ${bounds}` : ""}`);
  },

  /** An exact decimal: an amount of money, a percentage applied to a price. */
  decimal(options: DecimalOptions): ParamSpec<Decimal> {
    const gt = options.gt === undefined ? undefined : toDecimal(options.gt, "gt");
    const lt = options.lt === undefined ? undefined : toDecimal(options.lt, "lt");
    const schema = z
      .string()
      .trim()
      .regex(DECIMAL)
      .transform((text) => new Decimal(text))
      .refine((d) => (gt === undefined || d.gt(gt)) && (lt === undefined || d.lt(lt)));
    const bounds = range(options.gt, options.lt, true);
    return spec(schema, options.default, options.description, `a decimal number${bounds ? ` ${bounds}` : ""}`);
  },

  /** One of a few names. */
  choice<const T extends string>(values: readonly [T, ...T[]], options: { default: T; description: string }): ParamSpec<T> {
    const schema = z.string().trim().pipe(z.enum(values));
    return spec(schema, options.default, options.description, `one of ${values.join(", ")}`);
  },

  /** true or false. */
  boolean(options: { default: boolean; description: string }): ParamSpec<boolean> {
    const schema = z
      .string()
      .trim()
      .pipe(z.enum(["true", "false"]))
      .transform((v) => v === "true");
    return spec(schema, String(options.default), options.description, "true or false");
  },

  /** Any zod schema from the stored text, for what the builders above do not cover. */
  custom<T>(
    schema: z.ZodType<T, string>,
    options: { default: string | null; description: string; expects: string },
  ): ParamSpec<T> {
    return spec(schema, options.default, options.description, options.expects);
  },
};

function spec<T>(schema: z.ZodType<T, string>, defaultValue: string | null, description: string, expects: string): ParamSpec<T> {
  return Object.freeze({ schema, defaultValue, description, expects });
}

/** The ValidationError of a bad param: names the param, its value and what it must be. */
export function invalidParam(name: string, value: unknown, expects: string, where?: string): ValidationError {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  const prefix = where ? `${where}: ` : "";
  return new ValidationError(`${prefix}param ${name} must be ${expects}; got ${shown}`, {
    field: name,
    value,
    code: "INVALID_STRATEGY_PARAM",
  });
}

/**
 * Parses stored params (text by name; null = the catalog default) into typed ones. `where`
 * names the bot strategy in messages. A param the strategy does not declare, one that is unset
 * with no default, or one that fails its schema throws a ValidationError naming it.
 */
export function parseStrategyParams<S extends ParamShape>(
  shape: S,
  stored: Readonly<Record<string, string | null>>,
  where?: string,
): ParamsOf<S> {
  const known = Object.keys(shape);
  for (const name of Object.keys(stored)) {
    if (!Object.hasOwn(shape, name))
      throw invalidParam(name, stored[name], `one of the strategy's params (${known.join(", ")}); remove it`, where);
  }
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(shape)) {
    const raw = stored[name] ?? p.defaultValue;
    if (raw === null) throw invalidParam(name, raw, `set (it has no default): ${p.expects}`, where);
    const parsed = p.schema.safeParse(raw);
    if (!parsed.success) throw invalidParam(name, raw, p.expects, where);
    out[name] = parsed.data;
  }
  return Object.freeze(out) as ParamsOf<S>;
}
