import { Decimal, ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { STRATEGY_CATALOG } from "./catalog.js";
import { maCross } from "./strategies/ma-cross.js";
import { rsiMeanReversion } from "./strategies/rsi-mean-reversion.js";
import { param, parseStrategyParams } from "./strategy-params.js";

const shape = {
  period: param.integer({ default: 14, min: 2, max: 500, description: "candles" }),
  level: param.number({ default: 30, min: 0, max: 100, description: "RSI level" }),
  amount: param.decimal({ default: "1000", gt: 0, description: "quote spent" }),
  average: param.choice(["ema", "sma"], { default: "ema", description: "kind" }),
  flag: param.boolean({ default: true, description: "a switch" }),
};

function refusal(stored: Record<string, string | null>): ValidationError {
  try {
    parseStrategyParams(shape, stored, "bot b (1), strategy s (bot strategy 2)");
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("strategy params (zod, from the stored text)", () => {
  it("parses defaults and stored values into typed ones: whole numbers, floats, exact decimals, choices, booleans", () => {
    const p = parseStrategyParams(shape, { period: " 21 ", amount: "0.1", flag: "false" });
    expect(p).toEqual({ period: 21, level: 30, amount: new Decimal("0.1"), average: "ema", flag: false });
    expect(p.amount).toBeInstanceOf(Decimal);
    expect(p.amount.toFixed()).toBe("0.1");
  });

  it.each([
    [{ period: "ten" }, 'param period must be a whole number at least 2 and at most 500; got "ten"'],
    [{ period: "1" }, 'param period must be a whole number at least 2 and at most 500; got "1"'],
    [{ period: "2.5" }, "param period must be a whole number"],
    [{ level: "101" }, 'param level must be a number at least 0 and at most 100; got "101"'],
    [{ amount: "0" }, 'param amount must be a decimal number greater than 0; got "0"'],
    [{ amount: "1e3" }, 'got "1e3"'],
    [{ average: "wma" }, 'param average must be one of ema, sma; got "wma"'],
    [{ flag: "yes" }, 'param flag must be true or false; got "yes"'],
    [{ color: "red" }, "param color must be one of the strategy's params (period, level, amount, average, flag); remove it"],
  ])("refuses %j naming the param, its value and what it must be", (stored, message) => {
    const error = refusal(stored);
    expect(error.message).toContain("bot b (1), strategy s (bot strategy 2): ");
    expect(error.message).toContain(message);
    expect(error.code).toBe("INVALID_STRATEGY_PARAM");
    expect(error.field).toBe(Object.keys(stored)[0]);
  });

  it("a param without default that is not set is refused", () => {
    const required = { key: param.custom(shape.average.schema, { default: null, description: "", expects: "ema or sma" }) };
    expect(() => parseStrategyParams(required, {})).toThrow("param key must be set (it has no default): ema or sma; got null");
  });

  it("the catalog setup seeds is made from the definitions: the same names, params and defaults the runner validates", () => {
    expect(STRATEGY_CATALOG.map((s) => s.name)).toEqual(["ma-cross", "rsi-mean-reversion"]);
    for (const [entry, definition] of [
      [STRATEGY_CATALOG[0], maCross],
      [STRATEGY_CATALOG[1], rsiMeanReversion],
    ] as const) {
      expect(entry?.module).toBe(`@tradekit/strategy-runner#${definition.name}`);
      const defaults = Object.fromEntries((entry?.params ?? []).map((p) => [p.name, p.defaultValue ?? null]));
      expect(Object.keys(defaults)).toEqual(Object.keys(definition.params));
      const parsed = parseStrategyParams(definition.params, defaults);
      expect(() => definition.validate?.(parsed as never)).not.toThrow();
    }
  });

  it("the examples' defaults leave the order manager's default minimum risk/reward of 2 a margin", () => {
    const ma = parseStrategyParams(maCross.params, {}) as { stopLossPct: Decimal; takeProfitPct: Decimal };
    const rsi = parseStrategyParams(rsiMeanReversion.params, {}) as { stopLossPct: Decimal; takeProfitPct: Decimal };
    expect(ma.takeProfitPct.div(ma.stopLossPct).gt(2)).toBe(true);
    expect(rsi.takeProfitPct.div(rsi.stopLossPct).gt(2)).toBe(true);
  });
});
