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
    open(symbol: string, create = true): Promise<TimeseriesRepository> {
      return TimeseriesRepository.open({ url: this.url, exchange: "testex", symbol, create });
    },
  };
}
