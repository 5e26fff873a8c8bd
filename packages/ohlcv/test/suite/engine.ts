import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { closeOhlcvPools, TimeseriesRepository } from "../../src/index.js";

/** A database engine the contract suite runs on. */
export interface EngineUnderTest {
  name: "postgres" | "embedded";
  /** Whether the store is expected to install TimescaleDB objects on it. */
  timescale: boolean;
  start(): Promise<{ url: string; stop(): Promise<void> }>;
}

/** Starts the engine once for a suite; `open` gives a repository on a series of its own. */
export function engineHandle(engine: EngineUnderTest) {
  let started: { url: string; stop(): Promise<void> } | undefined;
  return {
    async start() {
      started = await engine.start();
    },
    async stop() {
      await closeOhlcvPools();
      await started?.stop();
    },
    get url(): string {
      if (!started) throw new Error("engine not started");
      return started.url;
    },
    /**
     * Runs SQL on a connection of its own, to look at the schema. The embedded engine serves one
     * connection, so the shared pool is closed first and the server given a moment to see it go.
     */
    async query(sql: string): Promise<Record<string, unknown>[]> {
      await closeOhlcvPools();
      for (let attempt = 0; ; attempt++) {
        const client = new pg.Client({ connectionString: this.url });
        try {
          await client.connect();
        } catch (error) {
          if (attempt >= 20 || (error as { code?: string }).code !== "53300") throw error;
          await sleep(50);
          continue;
        }
        try {
          return (await client.query(sql)).rows;
        } finally {
          await client.end();
        }
      }
    },
    open(symbol: string, create = true): Promise<TimeseriesRepository> {
      return TimeseriesRepository.open({ url: this.url, exchange: "testex", symbol, create });
    },
  };
}
