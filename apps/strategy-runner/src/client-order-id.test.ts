import { describe, expect, it } from "vitest";
import { clientOrderIdFor } from "./client-order-id.js";

const base = { botId: 7, botStrategyId: 3, signal: "cross-up", time: new Date("2024-01-01T00:00:59.999Z") };

describe("clientOrderIdFor", () => {
  it("is the same for the same bot, strategy, signal and time: a retried or replayed request is one order", () => {
    expect(clientOrderIdFor(base)).toBe(clientOrderIdFor({ ...base, time: new Date(base.time.getTime()) }));
    expect(clientOrderIdFor(base)).toMatch(/^tk7-[0-9a-f]{24}$/);
  });

  it("differs when any part differs", () => {
    const id = clientOrderIdFor(base);
    for (const other of [
      { ...base, botId: 8 },
      { ...base, botStrategyId: 4 },
      { ...base, signal: "cross-down" },
      { ...base, time: new Date(base.time.getTime() + 1) },
      { ...base, sequence: 1 },
    ])
      expect(clientOrderIdFor(other)).not.toBe(id);
  });

  it("refuses an empty signal", () => {
    expect(() => clientOrderIdFor({ ...base, signal: " " })).toThrow('signal must be a non-empty signal name such as "entry"');
  });
});
