import { setTimeout as sleep } from "node:timers/promises";
import { TradekitError } from "@tradekit/domain";

const MAX_ATTEMPTS = 200;

/**
 * Read-modify-write without a race: `attempt` reads, computes and writes with a compare-and-set
 * (store.execIf), returning undefined when another writer got there first; it is then retried
 * on the fresh value. Decimal arithmetic stays in TypeScript, exact, rather than in Lua floats.
 */
export async function optimisticUpdate<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const result = await attempt();
    if (result !== undefined) return result;
    // Jitter, so writers that collided do not collide again in lockstep.
    await sleep(Math.random() * Math.min(1 + i, 10));
  }
  throw new TradekitError(
    "CACHE_CONTENTION",
    `${what} lost the compare-and-set ${MAX_ATTEMPTS} times in a row; too many concurrent writers on one key — serialize them or retry later`,
  );
}
