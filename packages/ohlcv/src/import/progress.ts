import cliProgress from "cli-progress";
import { logger } from "../logger.js";

/** Reports rows done out of a total: a bar on a terminal, structured log lines otherwise. */
export interface Progress {
  tick(rows: number): void;
  stop(): void;
}

/** A progress reporter for `total` rows of `label`; `tty` defaults to whether stderr is a terminal. */
export function createProgress(label: string, total: number, tty: boolean = process.stderr.isTTY === true): Progress {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { tick: (rows) => bar.increment(rows), stop: () => bar.stop() };
  }
  let done = 0;
  let lastLog = 0;
  return {
    tick(rows) {
      done += rows;
      const now = Date.now();
      // One line a second at most, so a log shipper is not flooded by a big import.
      if (now - lastLog >= 1000 || done >= total) {
        lastLog = now;
        logger.info({ task: label, done, total, percent: total === 0 ? 100 : Math.round((done / total) * 100) }, "progress");
      }
    },
    stop() {
      if (done < total) logger.info({ task: label, done, total }, "progress stopped");
    },
  };
}
