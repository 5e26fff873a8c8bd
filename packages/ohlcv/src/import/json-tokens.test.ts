import { ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { readJsonExact } from "./json-tokens.js";

describe("readJsonExact", () => {
  it("keeps every number's digits where JSON.parse would round them", () => {
    const text = '[[1570752033759, "13519812", null, "buy", 0.00141557, 11.0, 0.0155712699999999, 1e-8]]';
    expect(readJsonExact(text)).toEqual([
      ["1570752033759", "13519812", null, "buy", "0.00141557", "11.0", "0.0155712699999999", "1e-8"],
    ]);
    expect(JSON.parse(text)[0][6]).not.toBe("0.0155712699999999");
  });

  it("reads objects, escapes, booleans and empty containers", () => {
    expect(readJsonExact('{"a": [], "b": {}, "c": "x\\"y", "d": true, "e": -0.5E+3}')).toEqual({
      a: [],
      b: {},
      c: 'x"y',
      d: true,
      e: "-0.5E+3",
    });
  });

  it("passes NaN through as text so validation names the row, and rejects broken JSON with its position", () => {
    expect(readJsonExact("[NaN]")).toEqual(["NaN"]);
    expect(() => readJsonExact("[1, 2")).toThrow(ValidationError);
    expect(() => readJsonExact("[1] x")).toThrow(/character 4/);
  });
});
