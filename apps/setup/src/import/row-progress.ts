import cliProgress from "cli-progress";
import type { Logger } from "pino";

/** How an import shows progress: a bar (terminal), log lines (pipes, CI), or nothing (library default). */
export type ProgressMode = "bar" | "log" | "none";

/** Counts rows done out of a known total. */
export interface RowProgress {
  tick(rows: number): void;
  stop(): void;
}

const perSecond = (done: number, startedAt: number): number => {
  const seconds = (performance.now() - startedAt) / 1000;
  return seconds > 0 ? Math.round(done / seconds) : 0;
};

/** A progress display for `total` rows of `label`: rows, rows/s and the time left. */
export function rowProgress(label: string, total: number, mode: ProgressMode, logger: Logger): RowProgress {
  const startedAt = performance.now();
  let done = 0;
  if (mode === "none") return { tick: () => undefined, stop: () => undefined };
  if (mode === "bar") {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { speed: 0 });
    return {
      tick(rows) {
        done += rows;
        bar.update(done, { speed: perSecond(done, startedAt) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLog = 0;
  const line = () => {
    const rate = perSecond(done, startedAt);
    logger.info(
      { file: label, done, total, rowsPerSecond: rate, etaSeconds: rate > 0 ? Math.ceil((total - done) / rate) : null },
      "import progress",
    );
  };
  return {
    tick(rows) {
      done += rows;
      const now = performance.now();
      // At most one line a second, and the last one, so a big import does not flood the log.
      if (now - lastLog >= 1000 || done >= total) {
        lastLog = now;
        line();
      }
    },
    stop() {
      if (done < total) line();
    },
  };
}
