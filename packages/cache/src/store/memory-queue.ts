import type { QueueEntry, QueueReclaimOptions, QueueTakeOptions } from "./cache-store.js";

interface Pending {
  payload: string;
  consumer: string;
  deliveredAt: number;
}

/**
 * One reliable queue of the memory store, with the semantics of a Redis stream read by one
 * consumer group: take moves entries to a pending list, ack removes them, reclaim hands entries
 * pending too long to another consumer.
 */
export class MemoryQueue {
  readonly #waiting = new Map<string, string>();
  readonly #pending = new Map<string, Pending>();
  readonly #waiters = new Set<() => void>();
  #seq = 0;

  push(payloads: readonly string[]): string[] {
    const ids = payloads.map((payload) => {
      const id = `${Date.now()}-${this.#seq++}`;
      this.#waiting.set(id, payload);
      return id;
    });
    for (const wake of [...this.#waiters]) wake();
    return ids;
  }

  async take(consumer: string, { count, blockMs }: QueueTakeOptions): Promise<QueueEntry[]> {
    if (this.#waiting.size === 0 && blockMs > 0) await this.#waitForPush(blockMs);
    const taken: QueueEntry[] = [];
    for (const [id, payload] of this.#waiting) {
      if (taken.length >= count) break;
      this.#waiting.delete(id);
      this.#pending.set(id, { payload, consumer, deliveredAt: Date.now() });
      taken.push({ id, payload });
    }
    return taken;
  }

  reclaim(consumer: string, { minIdleMs, count }: QueueReclaimOptions): QueueEntry[] {
    const now = Date.now();
    const claimed: QueueEntry[] = [];
    for (const [id, entry] of this.#pending) {
      if (claimed.length >= count) break;
      if (now - entry.deliveredAt < minIdleMs) continue;
      entry.consumer = consumer;
      entry.deliveredAt = now;
      claimed.push({ id, payload: entry.payload });
    }
    return claimed;
  }

  ack(ids: readonly string[]): number {
    let acked = 0;
    for (const id of ids) if (this.#pending.delete(id)) acked++;
    return acked;
  }

  get pending(): number {
    return this.#pending.size;
  }

  #waitForPush(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#waiters.add(wake);
    });
  }
}
