import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// The bench runs under plain tsx; expose gc() at run time instead of needing --expose-gc.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

// Array buffers are released by a finalizer after the collection that finds them dead: collect,
// let the finalizers run, collect again.
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Bytes retained by what `make` returns: the growth of the V8 heap plus the array buffers the
 * value itself holds (`buffers`). Counted that way rather than by process.memoryUsage().arrayBuffers,
 * which on the embedded engine also counts the WASM memory PGlite grows inside this process.
 */
export async function retainedBytes<T>(
  make: () => Promise<T>,
  buffers: (value: T) => number,
): Promise<{ bytes: number; value: T }> {
  await settle();
  const before = process.memoryUsage();
  const value = await make();
  await settle();
  const after = process.memoryUsage();
  const bytes = after.heapUsed - before.heapUsed + buffers(value);
  return { bytes, value };
}

/** The bytes of a frame's columns. */
export const frameBuffers = (frame: {
  time: ArrayBufferView;
  open: ArrayBufferView;
  high: ArrayBufferView;
  low: ArrayBufferView;
  close: ArrayBufferView;
  volume: ArrayBufferView;
  flags: ArrayBufferView;
}): number =>
  [frame.time, frame.open, frame.high, frame.low, frame.close, frame.volume, frame.flags].reduce(
    (n, a) => n + a.buffer.byteLength,
    0,
  );
