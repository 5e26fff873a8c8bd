import { describe, expect, it } from "vitest";
import { EventLoop } from "./event-loop.js";

describe("EventLoop", () => {
  it("runs one job at a time in order; a queued job of the same key is replaced, and both callers see it done", async () => {
    let open = Promise.withResolvers<void>();
    const loop = new EventLoop(() => open.promise);
    const ran: string[] = [];
    const a = loop.enqueue(async () => void ran.push("a"), "tick");
    const b = loop.enqueue(async () => void ran.push("b"), "tick");
    const c = loop.enqueue(async () => void ran.push("c"));
    expect(loop.pending).toBe(2);
    open.resolve();
    await Promise.all([a, b, c]);
    expect(ran).toEqual(["b", "c"]);
    open = Promise.withResolvers<void>();
    const d = loop.enqueue(async () => {
      throw new Error("job failed");
    });
    open.resolve();
    await expect(d).rejects.toThrow("job failed");
    await loop.idle();
  });

  it("waits at the gate while it is closed, and clear() fails what is queued", async () => {
    const gate = Promise.withResolvers<void>();
    const loop = new EventLoop(() => gate.promise);
    let ran = false;
    const job = loop.enqueue(async () => {
      ran = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(false);
    loop.clear(new Error("stopped"));
    gate.resolve();
    await expect(job).rejects.toThrow("stopped");
    expect(ran).toBe(false);
  });
});
