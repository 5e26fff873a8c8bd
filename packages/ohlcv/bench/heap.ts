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

/** Bytes retained by what `make` returns: V8 heap plus array buffers (typed array columns live there). */
export async function retainedBytes<T>(make: () => Promise<T>): Promise<{ bytes: number; value: T }> {
  await settle();
  const before = process.memoryUsage();
  const value = await make();
  await settle();
  const after = process.memoryUsage();
  const bytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  return { bytes, value };
}
